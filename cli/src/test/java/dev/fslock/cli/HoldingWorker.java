package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A holder in its own JVM for real-process tests: acquires LOCK, prints {@code HELD <entry>}, then
 * obeys lines on stdin: {@code status} (reads the lock, entries included, in this JVM: which must
 * not drop this JVM's kernel lock on its own entry), {@code release} (prints {@code RELEASED} or
 * {@code COMPROMISED} and exits).
 */
public final class HoldingWorker {
    private HoldingWorker() {}

    public static void main(String[] args) throws Exception {
        FsLock lock = FsLock.open(Path.of(args[0]));
        LockHandle held = lock.acquire(Duration.ofSeconds(60));
        System.out.println("HELD " + held.entryName());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line) {
                case "status" -> {
                    lock.status();
                    System.out.println("STATUS done");
                }
                case "release" -> {
                    try {
                        held.release();
                        System.out.println("RELEASED");
                    } catch (LockCompromisedException e) {
                        System.out.println("COMPROMISED " + e.getMessage());
                    }
                    return;
                }
                default -> System.out.println("unknown command " + line);
            }
            System.out.flush();
        }
    }
}
