#!/usr/bin/env python3
"""How long after SIGKILL the kernel frees a dead process's lock, as a function of its memory.

A child touches N MB, takes an fcntl lock on a file and sleeps; the parent waits for the lock
(F_SETLKW, shared), SIGKILLs the child and times the grant. Linux tears a dying process's address
space down (exit_mm) before it closes its files (exit_files), so the grant comes later the more
memory the victim had: a floor under every kill-based recovery figure (fslock's and
FileChannel.lock's alike), set by the victim, not by the waiter. Usage: kill_release.py [runs]
"""
import fcntl, os, signal, sys, tempfile, time


def once(path, mb):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        buf = bytearray(mb * 1024 * 1024)
        for i in range(0, len(buf), 4096):
            buf[i] = 1
        fd = os.open(path, os.O_RDWR)
        fcntl.lockf(fd, fcntl.LOCK_EX)
        os.write(w, b"x")
        time.sleep(600)
        os._exit(0)
    os.read(r, 1)
    fd = os.open(path, os.O_RDONLY)
    time.sleep(0.2)
    start = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    fcntl.lockf(fd, fcntl.LOCK_SH)
    ms = (time.monotonic() - start) * 1000
    os.close(fd)
    os.waitpid(pid, 0)
    os.close(r)
    os.close(w)
    return ms


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.NamedTemporaryFile() as f:
        print("victim_mb\tgrant_p50_ms\tmin_ms\tmax_ms")
        for mb in (0, 20, 40, 80, 160, 320):
            xs = sorted(once(f.name, mb) for _ in range(runs))
            print("%d\t%.2f\t%.2f\t%.2f" % (mb, xs[len(xs) // 2], xs[0], xs[-1]), flush=True)


if __name__ == "__main__":
    main()
