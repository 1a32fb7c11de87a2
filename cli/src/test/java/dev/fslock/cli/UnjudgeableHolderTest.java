package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.OwnerRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A holder whose liveness cannot be judged from here (spec: Unjudgeable; property
 * UnknownNeverBroken) is never broken by {@code fslock run} or a plain {@code fslock break}: a
 * crafted entry of a process in another PID namespace, or on another host, stays as it was, and
 * {@code fslock run --timeout 1} gives up with 75 and names the remedy.
 */
class UnjudgeableHolderTest {
    @TempDir Path dir;
    @TempDir Path output;

    @ParameterizedTest(name = "holder in {0}")
    @ValueSource(strings = {"another PID namespace", "another host"})
    void neverBroken(String where) throws Exception {
        ProcessIdentity self = ProcessIdentity.current();
        ProcessIdentity other = where.equals("another host")
                ? new ProcessIdentity("build-07.elsewhere", self.bootId(), self.pidNamespace(), 1, "k1")
                : new ProcessIdentity(self.host(), self.bootId(), "4026599999", 1, "k1"); // pid 1 exists here, too
        String entry = new OwnerId(other, "n0nce").entryName();
        Path lock = Files.createDirectory(dir.resolve("x.lock"));
        byte[] content = new OwnerRecord("nightly build", Instant.parse("2025-01-01T00:00:00Z"), "make all").encode();
        Files.write(lock.resolve(entry), content);

        Path marker = output.resolve("ran");
        Processes.Result r = Processes.run(output, Processes.fslock("run", "--timeout", "1", lock.toString(), "--",
                "touch", marker.toString()));
        assertEquals(75, r.status(), r::toString);
        String message = r.errLines().get(r.errLines().size() - 1);
        assertTrue(message.contains("label \"nightly build\", UNKNOWN"), message);
        assertTrue(message.contains("will never break it by itself"), message);
        assertTrue(message.contains("fslock break --force " + lock), message);

        Processes.Result b = Processes.run(output, Processes.fslock("break", lock.toString()));
        assertEquals(0, b.status(), b::toString);
        assertTrue(b.out().startsWith("kept    " + lock.resolve(entry)), b::toString);

        assertFalse(Files.exists(marker), "the command ran");
        assertEquals(java.util.List.of(entry), Processes.list(lock));
        assertEquals(new String(content), Files.readString(lock.resolve(entry)), "the entry was changed");
    }
}
