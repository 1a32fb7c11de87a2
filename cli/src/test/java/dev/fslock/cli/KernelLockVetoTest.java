package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import dev.fslock.LockStatus;
import dev.fslock.fs.NioFileOps;
import dev.fslock.internal.Internals;
import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.StepObserver;
import dev.fslock.wait.Clock;
import dev.fslock.wait.WaitStrategy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel-lock veto on real processes and the real filesystem: a contender whose liveness probe
 * is wrong (it calls every other process DEAD, as a /proc misread would) still cannot break a live
 * holder in another JVM, because the holder keeps a POSIX lock on its own entry
 * (spec MCFsLockFalseSuspicionVeto). The same contender does break an entry nobody holds a lock on
 * (the probe really says DEAD), and the holder's own status() call does not drop its lock (POSIX
 * locks die with any descriptor of the file the process closes).
 */
class KernelLockVetoTest {
    @TempDir Path dir;
    @TempDir Path output;

    /** Every process but this one is DEAD: the worst false suspicion. */
    private static Environment lyingEnvironment() {
        ProcessIdentity self = ProcessIdentity.current();
        return new Environment(NioFileOps.instance(), owner -> owner.equals(self) ? Liveness.ALIVE : Liveness.DEAD, self,
                Clock.SYSTEM, WaitStrategy.system(), RandomGenerator.getDefault(), Environment.counterNonces(7),
                StepObserver.NONE);
    }

    @ParameterizedTest(name = "holder calls status() first: {0}")
    @ValueSource(booleans = {false, true})
    void aLiveHolderInAnotherJvmIsNeverBrokenByAWrongProbe(boolean holderReadsStatus) throws Exception {
        Path lockPath = dir.resolve("x.lock");
        Process holder = new ProcessBuilder(Processes.java(HoldingWorker.class, lockPath.toString()))
                .redirectError(output.resolve("holder.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String held = out.readLine();
            assertTrue(held != null && held.startsWith("HELD "), "holder: " + held + Processes.read(output.resolve("holder.err")));
            if (holderReadsStatus) {
                in.println("status");
                assertEquals("STATUS done", out.readLine());
            }

            FsLock contender = Internals.open(lockPath, FsLockOptions.defaults(), lyingEnvironment());
            Optional<LockHandle> stolen = contender.tryAcquire();
            LockStatus seen = contender.status();

            assertTrue(stolen.isEmpty(), "the contender broke a live holder");
            assertEquals(List.of(held.substring(5)), Processes.list(lockPath), "the holder's entry is untouched");
            assertEquals(dev.fslock.Liveness.ALIVE, seen.holders().get(0).liveness(), "status shows the vetoed holder ALIVE");

            in.println("release");
            assertEquals("RELEASED", out.readLine(), "the holder was compromised");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSameContenderBreaksAnEntryThatNobodyLocks() throws Exception {
        // Control: the lying probe really says DEAD, and without a kernel lock nothing vetoes it.
        Path lockPath = Files.createDirectory(dir.resolve("x.lock"));
        ProcessIdentity self = ProcessIdentity.current();
        OwnerId crashed = new OwnerId(new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), 999_999, "k1"), "c1");
        Files.createFile(lockPath.resolve(crashed.entryName()));

        FsLock contender = Internals.open(lockPath, FsLockOptions.defaults(), lyingEnvironment());
        try (LockHandle held = contender.tryAcquire().orElseThrow(() -> new AssertionError("the unlocked entry was not broken"))) {
            assertFalse(Processes.list(lockPath).contains(crashed.entryName()));
        }
    }
}
