#!/usr/bin/env python3
"""SIGKILL a JVM that holds a POSIX lock: when does its leader thread read Z in /proc, when does
the kernel free the lock, and when is the leader the only thread left (num_threads == 1) or gone?
All from the kill, p50 of 7, in ms. A probe that took a zombie leader for a dead process (before
issue 9) could answer DEAD well before the process's last thread tore its memory down and closed
its files; a sound one waits for the last thread, which frees the locks. Usage: exit_order.py
"""
import fcntl, os, signal, subprocess, sys, threading, time, statistics
import tempfile
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(tempfile.mkdtemp(), "L"); open(path, "w").close()
def once(mb):
    p = subprocess.Popen(["java", "-XX:+UseSerialGC", "-Xmx600m", os.path.join(here, "ExitOrderHolder.java"), path, str(mb)], stdout=subprocess.PIPE)
    assert p.stdout.readline().strip() == b"locked"
    fd = os.open(path, os.O_RDONLY)
    time.sleep(0.3)
    res = {}
    def waiter():
        fcntl.lockf(fd, fcntl.LOCK_SH); res["lock"] = time.monotonic()
    t = threading.Thread(target=waiter); t.start(); time.sleep(0.05)
    start = time.monotonic(); os.kill(p.pid, signal.SIGKILL)
    statf = "/proc/%d/stat" % p.pid
    while "one" not in res:
        try:
            f = open(statf).read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            res.setdefault("one", time.monotonic()); break
        now = time.monotonic()
        if f[0] == "Z": res.setdefault("Z", now)
        if f[0] == "Z" and int(f[17]) == 1: res.setdefault("one", now)
        if time.monotonic() - start > 2: break
    t.join(); os.close(fd); p.wait()
    return {k: (v - start) * 1000 for k, v in res.items()}
for mb in (0, 40):
    rs = [once(mb) for _ in range(7)]
    print("heap touched %d MB:" % mb, " ".join("%s p50 %.1f ms" % (k, statistics.median(r.get(k, float('nan')) for r in rs)) for k in ("Z", "lock", "one")))
