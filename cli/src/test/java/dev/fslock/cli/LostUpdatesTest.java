package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost updates: N processes each increment a counter file M times, each increment a
 * read-modify-write under the lock; the count ends at exactly N*M. Once with the library (one JVM
 * per worker), once with {@code fslock run} around a shell increment (one JVM per increment).
 *
 * <p>Checked once by hand: with the acquire removed from CounterWorker, the library variant fails
 * at once (workers read each other's half-written counter and die; the others lose updates).
 */
class LostUpdatesTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);

    @TempDir Path dir;
    @TempDir Path output;

    @Test
    void libraryWorkersLoseNoUpdate() throws Exception {
        int workers = 4;
        int times = 100 * SCALE;
        Path counter = Files.writeString(dir.resolve("counter"), "0\n");
        Path start = dir.resolve("start");
        List<Processes.Started> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(Processes.start(output, Processes.java(CounterWorker.class, dir.resolve("x.lock").toString(),
                    counter.toString(), start.toString(), Integer.toString(times))));
        }
        Files.createFile(start);
        for (Processes.Started s : started) {
            Processes.Result r = s.await();
            assertEquals(0, r.status(), r::toString);
        }
        assertEquals(workers * times, Long.parseLong(Files.readString(counter).trim()));
    }

    @Test
    void fslockRunLosesNoUpdate() throws Exception {
        int workers = 4;
        int times = 4 * SCALE;
        Path counter = Files.writeString(dir.resolve("counter"), "0\n");
        String increment = "n=$(cat \"$1\"); sleep 0.01; echo $((n + 1)) > \"$1\"";
        List<String> argv = Processes.fslock("run", dir.resolve("x.lock").toString(), "--", "sh", "-c", increment, "sh",
                counter.toString());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        Processes.Result r = Processes.run(output, argv);
                        assertEquals(0, r.status(), r::toString);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(workers * times, Long.parseLong(Files.readString(counter).trim()));
    }
}
