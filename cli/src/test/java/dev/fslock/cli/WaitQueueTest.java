package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waiters' queue NAME.queue on real processes: a stopped head does not stop the others (they
 * bypass it), and a queue file deleted, replaced or made unusable during contention costs nothing
 * but order: never mutual exclusion. Who holds or waits for the queue's kernel lock is read from
 * /proc/locks.
 */
class WaitQueueTest {
    @TempDir Path dir;
    @TempDir Path output;

    @Test
    void withTheQueuesHeadStoppedAnotherWaiterStillAcquires() throws Exception {
        Path lockPath = dir.resolve("x.lock");
        Path queue = dir.resolve("x.lock.queue");
        Process holder = new ProcessBuilder(Processes.java(HoldingWorker.class, lockPath.toString()))
                .redirectError(output.resolve("holder.err").toFile()).start();
        Processes.Started head = null;
        Processes.Started second = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String held = out.readLine();
            assertTrue(held != null && held.startsWith("HELD "), "holder: " + held + Processes.read(output.resolve("holder.err")));

            head = Processes.start(output, Processes.java(AcquireOnceWorker.class, lockPath.toString()));
            long headPid = head.pid();
            Processes.await("the first waiter holds the queue's lock", () -> Processes.queueLocks(queue, headPid, false));
            Processes.signal(headPid, "STOP");

            second = Processes.start(output, Processes.java(AcquireOnceWorker.class, lockPath.toString()));
            long secondPid = second.pid();
            Processes.await("the second waiter waits in the kernel for the queue", () -> Processes.queueLocks(queue, secondPid, true));

            in.println("release");
            assertEquals("RELEASED", out.readLine());
            Processes.Result r = second.await(); // only a bypass lets it in: the head is stopped
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("ACQUIRED "), r.toString());
            assertTrue(Processes.isAlive(headPid), "the head is still there, stopped");

            Processes.signal(headPid, "CONT");
            Processes.Result h = head.await();
            assertEquals(0, h.status(), h.toString());
            assertTrue(h.out().startsWith("ACQUIRED "), h.toString());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(60, TimeUnit.SECONDS);
            for (Processes.Started s : new Processes.Started[] {head, second}) {
                if (s != null && s.process().isAlive()) {
                    s.process().destroyForcibly(); // SIGKILL ends a stopped process too
                }
            }
        }
    }

    @Test
    void aQueueFileDeletedReplacedOrUnusableDuringContentionLosesNoUpdate() throws Exception {
        int workers = 4;
        int times = 100;
        Path lockPath = dir.resolve("x.lock");
        Path queue = dir.resolve("x.lock.queue");
        Path counter = Files.writeString(dir.resolve("counter"), "0\n");
        Path start = dir.resolve("start");
        List<Processes.Started> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(Processes.start(output, Processes.java(CounterWorker.class, lockPath.toString(),
                    counter.toString(), start.toString(), Integer.toString(times))));
        }
        Files.createFile(start);
        int replaced = 0;
        int round = 0;
        while (started.stream().anyMatch(s -> s.process().isAlive())) {
            if (Files.exists(queue, LinkOption.NOFOLLOW_LINKS)) {
                replaced++;
            }
            switch (round++ % 3) {
                case 0 -> Files.deleteIfExists(queue); // the next waiter makes a new one: two heads
                case 1 -> { // a new file renamed over it
                    Path fresh = Files.writeString(dir.resolve("fresh"), "");
                    Files.move(fresh, queue, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                default -> { // a directory in its place for a moment: nobody can lock it
                    Files.deleteIfExists(queue);
                    try {
                        Files.createDirectory(queue);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        break; // a waiter made a new queue file first
                    }
                    Thread.sleep(2); // the chaos's own pace, not synchronization
                    Files.delete(queue);
                }
            }
            Thread.sleep(2);
        }
        for (Processes.Started s : started) {
            Processes.Result r = s.await();
            assertEquals(0, r.status(), r::toString);
        }
        assertEquals(workers * times, Long.parseLong(Files.readString(counter).trim()), "an update was lost");
        assertTrue(replaced > 0, "the workers never made a queue file to disturb: they did not contend");
    }

    @Test
    void statusAndBreakLeaveTheQueueFileAlone() throws Exception {
        Path lockPath = dir.resolve("x.lock");
        dev.fslock.LockHandle held = dev.fslock.FsLock.open(lockPath).acquire(java.time.Duration.ofSeconds(60));
        // A second thread waits: it makes the queue file; once it is there, the holder releases.
        java.util.concurrent.CompletableFuture<Long> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (dev.fslock.LockHandle h = dev.fslock.FsLock.open(lockPath).acquire(java.time.Duration.ofSeconds(60))) {
                return h.fencingToken();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Processes.await("the waiter made the queue file", () -> Files.exists(dir.resolve("x.lock.queue")));
        held.release();
        assertTrue(waiter.get(60, TimeUnit.SECONDS) > held.fencingToken());
        assertEquals(List.of("x.lock.fence", "x.lock.queue"), Processes.list(dir));

        Processes.Result status = Processes.run(output, Processes.fslock("status", lockPath.toString()));
        assertEquals(1, status.status(), "free: " + status); // 1: not busy
        Processes.Result broken = Processes.run(output, Processes.fslock("break", "--force", lockPath.toString()));
        assertEquals(0, broken.status(), broken.toString());
        assertEquals(List.of("x.lock.fence", "x.lock.queue"), Processes.list(dir), "status or break touched the queue file");
    }
}
