"""A contending process for the fslock benchmark harness, using Python's filelock (Debian's
python3-filelock). Same file protocol as dev.fslock.bench.proc.Worker (see its Javadoc):

    filelock_worker.py VARIANT ID DIR LOCK rounds|recover

VARIANT: FileLock (flock(2), polled by filelock itself) or SoftFileLock (create-exclusive lock
file, no stale handling). Both with filelock's default poll interval (0.05 s).
time.monotonic_ns() is CLOCK_MONOTONIC, the clock System.nanoTime reads.
"""
import os
import sys
import time

import filelock


def write(path, content):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(content)
    os.rename(tmp, path)


def await_file(path):
    while True:
        try:
            with open(path) as f:
                return f.read()
        except FileNotFoundError:
            time.sleep(0.002)


def sleep_until(deadline):
    while True:
        left = deadline - time.monotonic_ns()
        if left <= 0:
            return
        time.sleep(min(left, 1_000_000) / 1e9)


def main():
    variant, wid, d, lock, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    cls = {"FileLock": filelock.FileLock, "SoftFileLock": filelock.SoftFileLock}[variant]
    warm = cls(os.path.join(d, "warm-%d-%d" % (wid, os.getpid())))
    for _ in range(200):
        warm.acquire()
        warm.release()
    lk = cls(lock)
    pid = os.getpid()
    if mode == "recover":
        write(os.path.join(d, "ready-%d" % wid), str(pid))
        lk.acquire()
        acquired = time.monotonic_ns()
        write(os.path.join(d, "acq-%d" % wid), "%d %d" % (pid, acquired))
        time.sleep(60)
        lk.release()
        return
    write(os.path.join(d, "ready-%d" % wid), "")
    rnd = 0
    while True:
        rnd += 1
        f = await_file(os.path.join(d, "round-%d" % rnd)).split()
        if f[0] == "exit":
            return
        k = int(f[1])
        if wid >= k:
            continue
        cs, spin, start, end = int(f[2]), f[3] == "spin", int(f[4]), int(f[5])
        log = []
        sleep_until(start)
        cpu0 = time.process_time_ns()
        if f[0] == "idle":
            sleep_until(end)
        else:
            mono = time.monotonic_ns
            while mono() < end:
                wait_start = mono()
                lk.acquire()
                acquired = mono()
                if spin:
                    while mono() - acquired < cs:
                        pass
                else:
                    time.sleep(cs / 1e9)
                release_start = mono()
                lk.release()
                log.append("%d %d %d" % (wait_start, acquired, release_start))
        cpu1 = time.process_time_ns()
        out = "# pid %d cpu_ns %d window_ns %d\n" % (pid, cpu1 - cpu0, end - start)
        write(os.path.join(d, "r-%d-w-%d.tsv" % (rnd, wid)), out + "".join(line + "\n" for line in log))


if __name__ == "__main__":
    main()
