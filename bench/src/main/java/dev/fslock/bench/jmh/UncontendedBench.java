package dev.fslock.bench.jmh;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import dev.fslock.protocol.Environment;
import dev.fslock.testing.seed.SeedUnlinkLock;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended acquire + release, one thread, one lock in a fresh directory under {@code dir}.
 * Every benchmark is one full cycle, so the scores compare directly:
 * <ul>
 *   <li>{@code fslockTryAcquire}, {@code fslockAcquire}: ours (mkdir T, create + write T/me,
 *       rename T to P, fence read + temp + rename; release: unlink P/me, rmdir P).</li>
 *   <li>{@code kernelLockOpenChannel}: {@code FileChannel.lock()} + release on a channel kept open
 *       (fcntl F_SETLKW; the floor); {@code kernelLockOpenClose}: open, lock, close.</li>
 *   <li>{@code createExclDelete}: open(O_CREAT|O_EXCL), close, unlink: the cheapest lock file
 *       (the seed's protocol without its stale handling).</li>
 *   <li>{@code seedPort}: the seed's protocol (create, write pid and time, unlink) as ported to
 *       our FileOps in the test jar.</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar UncontendedBench -p dir=/tmp}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class UncontendedBench {

    /** The directory to make locks in: its filesystem is what is measured. */
    @Param({"/tmp"})
    public String dir;

    private Path scratch;
    private Path lockPath;
    private FsLock fslock;
    private FileChannel channel;
    private Path kernelFile;
    private File exclFile;
    private Path exclPath;
    private SeedUnlinkLock seed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        scratch = Files.createTempDirectory(Path.of(dir), "fslock-jmh-");
        lockPath = scratch.resolve("bench.lock");
        fslock = FsLock.open(lockPath);
        kernelFile = scratch.resolve("kernel.lock");
        channel = FileChannel.open(kernelFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        exclPath = scratch.resolve("excl.lock");
        exclFile = exclPath.toFile();
        seed = new SeedUnlinkLock(scratch.resolve("seed.lock"), Environment.system());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long fslockTryAcquire() throws IOException {
        LockHandle held = fslock.tryAcquire().orElseThrow(() -> new IllegalStateException("busy: " + lockPath));
        long token = held.fencingToken();
        held.release();
        return token;
    }

    @Benchmark
    public long fslockAcquire() throws IOException, InterruptedException {
        LockHandle held = fslock.acquire(Duration.ofSeconds(10));
        long token = held.fencingToken();
        held.release();
        return token;
    }

    @Benchmark
    public boolean kernelLockOpenChannel() throws IOException {
        FileLock lock = channel.lock();
        boolean valid = lock.isValid();
        lock.release();
        return valid;
    }

    @Benchmark
    public boolean kernelLockOpenClose() throws IOException {
        try (FileChannel ch = FileChannel.open(kernelFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            return ch.lock().isValid(); // close releases it
        }
    }

    @Benchmark
    public boolean createExclDelete() throws IOException {
        Files.newByteChannel(exclPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return exclFile.delete(); // remove(3): a single unlink(2) for a file
    }

    @Benchmark
    public boolean seedPort() throws IOException {
        if (!seed.tryAcquire()) {
            throw new IllegalStateException("busy: seed lock");
        }
        seed.release();
        return true;
    }
}
