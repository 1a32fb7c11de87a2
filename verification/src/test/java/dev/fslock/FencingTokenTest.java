package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fencing tokens: strictly larger than every token handed out before, across acquisitions, lock
 * instances, crashed holders and a deleted fence; kept in {@code X.fence}, never below the wall
 * clock in microseconds.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LockBed.Backend.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FencingTokenTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Parameter LockBed.Backend backend;
    @TempDir Path tempDir;
    LockBed bed;

    @BeforeEach
    void setUp() {
        bed = backend.create(tempDir);
    }

    /** A fence far ahead of the clock in microseconds: each token is then the previous one plus one. */
    private static final long AHEAD = 9_000_000_000_000_000_000L;

    @Test
    void tokensAreNeverBelowTheClockAndEachAcquisitionGetsALargerOne() throws Exception {
        FsLock lock = bed.open("X");
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long before = epochMicros();
            try (LockHandle held = lock.acquire(PATIENCE)) {
                tokens.add(held.fencingToken());
                assertTrue(held.fencingToken() >= before, held.fencingToken() + " >= clock " + before);
            }
        }

        for (int i = 1; i < tokens.size(); i++) {
            assertTrue(tokens.get(i - 1) < tokens.get(i), tokens.toString());
        }
    }

    @Test
    void aDeletedFenceNeverMakesTokensGoBack() throws Exception {
        // systemd-tmpfiles removes a symbolic link unused for 10 days under /tmp; a person may rm it.
        FsLock lock = bed.open("X");
        long first;
        try (LockHandle held = lock.acquire(PATIENCE)) {
            first = held.fencingToken();
        }
        bed.fs().deleteFile(bed.path("X.fence"));

        try (LockHandle held = lock.acquire(PATIENCE)) {
            assertTrue(held.fencingToken() > first, held.fencingToken() + " > " + first);
        }
    }

    @Test
    void aFenceAheadOfTheClockCountsOnByOne() throws Exception {
        bed.fs().createSymlink(bed.path("X.fence"), Long.toString(AHEAD));
        FsLock lock = bed.open("X");
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (LockHandle held = lock.acquire(PATIENCE)) {
                tokens.add(held.fencingToken());
            }
        }

        assertEquals(List.of(AHEAD + 1, AHEAD + 2, AHEAD + 3), tokens);
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Test
    void tokensGrowAcrossInstancesAndThreads() throws Exception {
        FsLock a = bed.open("X");
        FsLock b = bed.open("X");
        long previous = 0;
        for (int i = 0; i < 3; i++) {
            long fromA;
            try (LockHandle held = a.acquire(PATIENCE)) {
                fromA = held.fencingToken();
            }
            long fromB = OtherThread.call(() -> {
                try (LockHandle held = b.acquire(PATIENCE)) {
                    return held.fencingToken();
                }
            });
            assertTrue(previous < fromA && fromA < fromB, previous + " < " + fromA + " < " + fromB);
            previous = fromB;
        }
    }

    @Test
    void tokenIsPersistedInTheFenceFile() throws Exception {
        FsLock lock = bed.open("X");
        long token;
        try (LockHandle held = lock.acquire(PATIENCE)) {
            token = held.fencingToken();
            assertEquals(Optional.of(Long.toString(token)), bed.fs().readSymlink(bed.path("X.fence")), "X.fence -> token");
        }

        assertEquals(Optional.of(Long.toString(token)), bed.fs().readSymlink(bed.path("X.fence")), "release keeps the fence");
        assertEquals(token, lock.status().lastToken());
    }

    @Test
    void tokenContinuesFromTheFenceFileInANewInstance() throws Exception {
        bed.fs().createSymlink(bed.path("X.fence"), Long.toString(AHEAD)); // left by earlier processes

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(AHEAD + 1, held.fencingToken());
        }
    }

    @Test
    void aHandWrittenRegularFenceFileIsReadAndReplacedByALink() throws Exception {
        bed.putFile(bed.path("X.fence"), AHEAD + "\n"); // the remedy for a corrupt fence, done with an editor

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(AHEAD + 1, held.fencingToken());
        }
        assertEquals(Optional.of(Long.toString(AHEAD + 1)), bed.fs().readSymlink(bed.path("X.fence")));
    }

    @Test
    void tokenGrowsPastACrashedHolder() throws Exception {
        // A holder took token AHEAD and crashed holding the lock: its entry is still in X.
        bed.putFile(bed.path("X.fence"), AHEAD + "\n");
        OwnerId crashed = bed.deadOwner();
        bed.putEntry("X", crashed);

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(AHEAD + 1, held.fencingToken());
            assertEquals(List.of(held.entryName()), bed.entries("X"), "the dead holder's entry was broken");
        }
    }

    @Test
    void crashBeforeTheFenceRenameHandsOutNoToken() throws Exception {
        // A holder crashed after writing its fence temp (token AHEAD + 1) but before renaming it:
        // that token was never handed out, and the temp is not mistaken for the fence.
        bed.putFile(bed.path("X.fence"), AHEAD + "\n");
        OwnerId crashed = bed.deadOwner();
        bed.putEntry("X", crashed);
        bed.fs().createSymlink(bed.path(".X.fence." + crashed.entryName()), Long.toString(AHEAD + 1));

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(AHEAD + 1, held.fencingToken());
        }
        assertEquals(Optional.of(Long.toString(AHEAD + 1)), bed.fs().readSymlink(bed.path("X.fence")));
    }

    @Test
    void corruptFenceIsReportedNeverRepairedAndTheLockIsReleased() throws Exception {
        bed.putFile(bed.path("X.fence"), "not a number\n");
        FsLock lock = bed.open("X");

        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(PATIENCE));

        assertTrue(e.getMessage().contains(bed.path("X.fence").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt fence"), e.getMessage());
        assertTrue(e.getMessage().contains("rm " + bed.path("X.fence").toAbsolutePath()), e.getMessage());
        assertEquals("not a number\n", bed.read(bed.path("X.fence")).orElseThrow());
        assertEquals(List.of("X.fence"), bed.names(), "no entry, no temp dir, no fence temp left");
        assertFalse(lock.status().state() == LockStatus.State.HELD);
    }
}
