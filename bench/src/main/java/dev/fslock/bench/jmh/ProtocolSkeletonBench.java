package dev.fslock.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * Evidence for protocol proposals, not a lock: the bare filesystem calls of one uncontended
 * acquire + release, with no Java protocol logic around them (no parsing, no checks, no probes).
 * Comparing {@code current} with {@code UncontendedBench.fslockTryAcquire} shows what our Java code
 * adds; comparing the variants shows what each protocol step costs on this filesystem.
 * <ul>
 *   <li>{@code current}: the protocol as first built, with a file fence: mkdir T, create T/me,
 *       write, rename T to P; fence: read, create temp, write, rename over P.fence; release:
 *       unlink P/me, rmdir P. (Kept as the baseline of the fence proposal.)</li>
 *   <li>{@code noFence}: the same without the fence steps (a token taken only when asked for).</li>
 *   <li>{@code symlinkFence}: the fence as a symbolic link whose target is the number (stored in
 *       the inode: no data block to allocate, flush or free). Adopted: this is what fslock does.</li>
 *   <li>{@code reuseDir}: release by rename(P, T) while our entry is still in it, then unlink
 *       T/me; T is kept for the next acquisition: no mkdir and no rmdir per cycle.</li>
 *   <li>{@code reuseDirSymlinkFence}: both.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ProtocolSkeletonBench {
    private static final byte[] ENTRY = ("fslock owner v1\nlabel=\nacquired=2026-01-01T00:00:00Z\ncommand=java -jar "
            + "benchmarks.jar\n").getBytes(StandardCharsets.UTF_8);

    @Param({"/tmp"})
    public String dir;

    private Path scratch;
    private Path lock;
    private Path temp;
    private Path tempEntry;
    private Path entry;
    private Path fence;
    private Path fenceTemp;
    private long token;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        scratch = Files.createTempDirectory(Path.of(dir), "fslock-skeleton-");
        lock = scratch.resolve("L");
        temp = scratch.resolve(".L.tmp.me");
        tempEntry = temp.resolve("me");
        entry = lock.resolve("me");
        fence = scratch.resolve("L.fence");
        fenceTemp = scratch.resolve(".L.fence.me");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long current() throws IOException {
        Files.createDirectory(temp);
        createAndWrite(tempEntry, ENTRY);
        rename(temp, lock);
        fileFence();
        Files.delete(entry);
        Files.delete(lock);
        return token;
    }

    @Benchmark
    public long noFence() throws IOException {
        Files.createDirectory(temp);
        createAndWrite(tempEntry, ENTRY);
        rename(temp, lock);
        Files.delete(entry);
        Files.delete(lock);
        return token;
    }

    @Benchmark
    public long symlinkFence() throws IOException {
        Files.createDirectory(temp);
        createAndWrite(tempEntry, ENTRY);
        rename(temp, lock);
        symlinkFenceStep();
        Files.delete(entry);
        Files.delete(lock);
        return token;
    }

    @Benchmark
    public long reuseDir() throws IOException {
        if (!Files.isDirectory(temp)) {
            Files.createDirectory(temp); // once: the directory is kept across acquisitions
        }
        createAndWrite(tempEntry, ENTRY);
        rename(temp, lock);
        fileFence();
        rename(lock, temp); // release: our entry goes with P, so P is ours when it moves
        Files.delete(tempEntry);
        return token;
    }

    @Benchmark
    public long reuseDirSymlinkFence() throws IOException {
        if (!Files.isDirectory(temp)) {
            Files.createDirectory(temp);
        }
        createAndWrite(tempEntry, ENTRY);
        rename(temp, lock);
        symlinkFenceStep();
        rename(lock, temp);
        Files.delete(tempEntry);
        return token;
    }

    private void fileFence() throws IOException {
        long last = Files.exists(fence) ? Long.parseLong(Files.readString(fence).trim()) : 0;
        token = last + 1;
        createAndWrite(fenceTemp, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        rename(fenceTemp, fence);
    }

    private void symlinkFenceStep() throws IOException {
        Path f = scratch.resolve("L.fence-link");
        long last = Files.isSymbolicLink(f) ? Long.parseLong(Files.readSymbolicLink(f).toString()) : 0;
        token = last + 1;
        Files.createSymbolicLink(fenceTemp, Path.of(Long.toString(token)));
        rename(fenceTemp, f);
    }

    private static void createAndWrite(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content));
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
