package dev.fslock.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.protocol.Environment;
import dev.fslock.testing.FenceCleaner;
import dev.fslock.testing.FenceInPlace;
import dev.fslock.testing.LockVariant;
import dev.fslock.testing.LockVariants;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.SimulatedProcesses;
import dev.fslock.testing.TestEnvironments;
import dev.fslock.wait.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Fencing tokens across a sequence of acquisitions by fresh owners (one per acquisition, as
 * separate processes), with a cleaner deleting the lock's fence before every read of it and a wall
 * clock that moves between acquisitions: ours must hand out strictly increasing tokens; the
 * catalog's class 9 (tokens that only count, spec MCFsLockFenceCleanerCounting) must be caught, in
 * every sequence of two or more. The second suite for class 9, beside the simulation.
 */
class FencingTokenProperties {
    private static final Path LOCK = Path.of("/locks/x.lock");

    @Property(tries = 200)
    void oursHandsOutIncreasingTokensDespiteTheCleaner(@ForAll @IntRange(min = 2, max = 8) int acquisitions,
            @ForAll @IntRange(min = 1, max = 5_000) int millisBetween) throws IOException {
        List<Long> tokens = tokens(LockVariants.FSLOCK, true, acquisitions, millisBetween);
        for (int i = 1; i < tokens.size(); i++) {
            assertTrue(tokens.get(i) > tokens.get(i - 1), "tokens must increase: " + tokens);
        }
    }

    @Property(tries = 200)
    void countingTokensWithACleanerAreCaught(@ForAll @IntRange(min = 2, max = 8) int acquisitions,
            @ForAll @IntRange(min = 1, max = 5_000) int millisBetween) throws IOException {
        List<Long> tokens = tokens(LockVariants.FENCE_CLEANER_COUNTING, false, acquisitions, millisBetween);
        boolean caught = false;
        for (int i = 1; i < tokens.size(); i++) {
            caught |= tokens.get(i) <= tokens.get(i - 1);
        }
        assertTrue(caught, "the planted bug was not caught: tokens " + tokens + " increase");
    }

    /**
     * Class 13 (spec MCFsLockFenceInPlace): the fence rewritten in place, truncate then write, where
     * the write fails whenever the truncate emptied a token (every second write); tokens that only count. The second acquisition leaves the
     * fence empty, so the third hands out the first one's token again: caught in every sequence of
     * three or more.
     */
    @Property(tries = 200)
    void fenceRewrittenInPlaceIsCaught(@ForAll @IntRange(min = 3, max = 8) int acquisitions,
            @ForAll @IntRange(min = 1, max = 5_000) int millisBetween) throws IOException {
        List<Long> tokens = tokens(LockVariants.FENCE_IN_PLACE, env -> env, true, acquisitions, millisBetween);
        boolean caught = false;
        for (int i = 1; i < tokens.size(); i++) {
            caught |= tokens.get(i) <= tokens.get(i - 1);
        }
        assertTrue(caught, "the planted bug was not caught: tokens " + tokens + " increase");
    }

    /** The control: ours with the same in-place writer (failing writes), but a clock that moves, still increases. */
    @Property(tries = 200)
    void oursHandsOutIncreasingTokensDespiteAnInPlaceFence(@ForAll @IntRange(min = 3, max = 8) int acquisitions,
            @ForAll @IntRange(min = 1, max = 5_000) int millisBetween) throws IOException {
        List<Long> tokens = tokens(LockVariants.FSLOCK, FenceInPlace::writesFenceInPlace, true, acquisitions,
                millisBetween);
        assertTrue(tokens.size() >= 2, "too few acquisitions handed out tokens: " + tokens);
        for (int i = 1; i < tokens.size(); i++) {
            assertTrue(tokens.get(i) > tokens.get(i - 1), "tokens must increase: " + tokens);
        }
    }

    /**
     * One acquisition and release per fresh owner, in sequence; the clock moves {@code millisBetween}
     * between them. With {@code cleaner}, the harness adds the cleaner itself (the planted variant
     * brings its own).
     */
    private static List<Long> tokens(LockVariants variants, boolean cleaner, int acquisitions, int millisBetween)
            throws IOException {
        return tokens(variants, cleaner ? FenceCleaner::deletesFenceBeforeEachRead : env -> env, false, acquisitions,
                millisBetween);
    }

    /**
     * As above, with {@code environment} wrapping each owner's environment; with {@code fenceErrors},
     * an acquisition that fails with an I/O error (a fence write that failed) hands out no token and
     * the sequence goes on.
     */
    private static List<Long> tokens(LockVariants variants, UnaryOperator<Environment> environment, boolean fenceErrors,
            int acquisitions, int millisBetween) throws IOException {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(LOCK.getParent());
        SimulatedProcesses processes = new SimulatedProcesses();
        AtomicLong micros = new AtomicLong(1_700_000_000_000_000L);
        Clock clock = new Clock() {
            @Override
            public long nanoTime() {
                return micros.get() * 1_000;
            }

            @Override
            public long currentTimeMillis() {
                return micros.get() / 1_000;
            }

            @Override
            public long currentTimeMicros() {
                return micros.get();
            }
        };
        List<Long> tokens = new ArrayList<>();
        for (int i = 1; i <= acquisitions; i++) {
            Environment frozen = TestEnvironments.deterministic(fs, processes, SimulatedProcesses.identity("host", i));
            Environment env = new Environment(frozen.fs(), frozen.liveness(), frozen.self(), clock, frozen.waits(),
                    frozen.random(), frozen.nonces(), frozen.observer());
            LockVariant owner = variants.create(LOCK, environment.apply(env));
            micros.addAndGet(millisBetween * 1_000L);
            boolean held;
            try {
                held = owner.tryAcquire();
            } catch (IOException e) {
                if (!fenceErrors) {
                    throw e;
                }
                continue;
            }
            assertTrue(held, "owner " + i + " could not take a free lock");
            tokens.add(owner.token().orElseThrow());
            owner.release();
        }
        return tokens;
    }
}
