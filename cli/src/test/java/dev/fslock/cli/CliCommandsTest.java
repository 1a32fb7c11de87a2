package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.Liveness;
import dev.fslock.LockHandle;
import dev.fslock.LockStatus;
import dev.fslock.internal.Durations;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands' behaviour, run inside the test JVM where no real process is needed (fast), plus
 * one real {@code fslock run} for exit status and input/output pass-through.
 */
class CliCommandsTest {

    /**
     * A strict, well-kept JSON parser checks the CLI's hand-written writer: objects become maps in
     * document order, integers longs; trailing text and a repeated name are errors.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static Map<String, Object> parseObject(String json) throws IOException {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    @TempDir Path dir;
    @TempDir Path output;

    record Outcome(int status, String out, String err) {}

    /** fslock in this JVM, on a thread of its own (a lock held by the test thread is not reentrant). */
    private static Outcome fslock(String... args) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] status = {-1};
        Thread t = new Thread(() -> status[0] = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), false));
        t.start();
        t.join();
        return new Outcome(status[0], out.toString(), err.toString());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(10), CliDurations.parse("10"));
        assertEquals(Duration.ofMillis(500), CliDurations.parse("0.5"));
        assertEquals(Duration.ofMillis(250), CliDurations.parse(".25"));
        assertEquals(Duration.ofMillis(500), CliDurations.parse("500ms"));
        assertEquals(Duration.ofSeconds(10), CliDurations.parse("10s"));
        assertEquals(Duration.ofMinutes(2), CliDurations.parse("2m"));
        assertEquals(Duration.ofMinutes(90), CliDurations.parse("1.5h"));
        assertEquals(Duration.ZERO, CliDurations.parse("0"));
        for (String bad : List.of("", "-1", "5x", "1d", "ms", "1e3", "1 s", "99999999999999h")) {
            assertThrows(CommandLine.TypeConversionException.class, () -> CliDurations.parse(bad), bad);
        }
    }

    /**
     * Issue 10: the CLI had a formatter of its own, which said 60.0s for 59,999 ms and 72h00m
     * where the library said 59.9s and 3d00h. Now status text, waiting lines and the library's
     * messages share dev.fslock.internal.Durations.
     */
    @Test
    void statusAndTheLibrarySayDurationsAlike() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        LockStatus.OwnerProcess p = new LockStatus.OwnerProcess("host", "-", "-", 42, "k1");
        LockStatus.Holder almostAMinute = new LockStatus.Holder("o1_a", Optional.of(p), Liveness.ALIVE, "",
                Optional.of(now.minusMillis(59_999)), "");
        LockStatus.Holder threeDays = new LockStatus.Holder("o1_b", Optional.of(p), Liveness.ALIVE, "",
                Optional.of(now.minus(Duration.ofHours(72))), "");
        LockStatus status = new LockStatus(Path.of("/locks/x"), LockStatus.State.HELD, "", List.of(almostAMinute,
                threeDays), List.of(), List.of(), 1, now);

        String text = StatusCommand.text(status);

        assertTrue(text.contains("ALIVE, held for 59.9s"), text);
        assertTrue(text.contains("ALIVE, held for 3d00h"), text);
        assertTrue(almostAMinute.describe(now).contains("held for 59.9s"), almostAMinute.describe(now));
        assertTrue(threeDays.describe(now).contains("held for 3d00h"), threeDays.describe(now));
        assertEquals("59.9s", Durations.human(Duration.ofMillis(59_999)));
    }

    @Test
    void jsonEscapes() throws IOException {
        String weird = "quote\" backslash\\ newline\n tab\t bell\u0007 é \uD83D\uDE00 lone\uD800";
        String json = new Json().beginObject().name("s").value(weird).name("n").value(-3).name("z").nullValue()
                .name("a").beginArray().value(true).beginObject().endObject().endArray().endObject().toString();
        Map<String, Object> m = parseObject(json);
        assertEquals(weird.replace("\uD800", "\\ud800").replace("\\ud800", "\uD800"), m.get("s"));
        assertEquals(-3L, m.get("n"));
        assertTrue(m.containsKey("z") && m.get("z") == null);
        assertEquals(List.of(true, Map.of()), m.get("a"));
    }

    @Test
    void noWaitOnAHeldLockSaysBusyAndWhoHoldsIt() throws Exception {
        Path lock = dir.resolve("x.lock");
        try (LockHandle held = FsLock.open(lock, FsLockOptions.defaults().withLabel("deploy")).acquire(Duration.ofSeconds(5))) {
            Outcome o = fslock("run", "--no-wait", lock.toString(), "--", "true");
            assertEquals(75, o.status(), o::toString);
            assertTrue(o.err().startsWith("fslock: lock " + lock + " is busy: held by pid " + ProcessHandle.current().pid()),
                    o.err());
            assertTrue(o.err().contains("label \"deploy\", ALIVE"), o.err());
            assertEquals(List.of(held.entryName()), Processes.list(lock));
        }
    }

    /**
     * Issue 13: flock(1)'s spellings: -n, --nb and --nonblock for --no-wait; -w and --wait for
     * --timeout, in seconds with fractions (-w .2, as flock takes them) or with a unit. The old
     * spellings still work.
     */
    @Test
    void flockSpellingsOfNonblockAndWait() throws Exception {
        Path lock = dir.resolve("x.lock");
        Path marker = output.resolve("ran");
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            for (List<String> options : List.of(List.of("-n"), List.of("--nb"), List.of("--nonblock"),
                    List.of("--no-wait"), List.of("-w", "0"), List.of("-w", ".2"), List.of("-w0.2"), List.of("--wait", "0.2"),
                    List.of("--wait=200ms"), List.of("--timeout", "0.2"), List.of("-vw", "0.2"))) {
                List<String> args = new java.util.ArrayList<>(List.of("run"));
                args.addAll(options);
                args.addAll(List.of(lock.toString(), "--", "touch", marker.toString()));
                Outcome o = fslock(args.toArray(String[]::new));
                assertEquals(75, o.status(), () -> options + ": " + o);
                String line = o.err().lines().filter(l -> !l.startsWith("fslock: waiting")).findFirst().orElse("");
                assertTrue(line.startsWith("fslock: lock " + lock + " is busy") || line.startsWith("fslock: timed out after "),
                        () -> options + ": " + o);
            }
            assertEquals(List.of(held.entryName()), Processes.list(lock));
        }
        assertFalse(Files.exists(marker), "the command ran while the lock was held");
    }

    /**
     * Issue 13: -E N / --conflict-exit-code N: the status when the lock cannot be had (-n, or -w
     * expired), as in flock(1); 0 lets a cron job skip quietly. Other failures keep their status.
     */
    @Test
    void conflictExitCodeIsTheStatusWhenTheLockCannotBeHad() throws Exception {
        Path lock = dir.resolve("x.lock");
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            assertEquals(0, fslock("run", "-n", "-E", "0", lock.toString(), "--", "true").status());
            assertEquals(3, fslock("run", "-w", "0.1", "--conflict-exit-code", "3", lock.toString(), "--", "true").status());
            assertEquals(1, fslock("run", "--conflict-exit-code=1", "--no-wait", lock.toString(), "--", "true").status());
            Outcome fallback = fslock("run", "-E", "75", "--timeout", "0.1", lock.toString(), "--", "true");
            assertEquals(75, fallback.status(), fallback::toString);
            assertTrue(fallback.err().startsWith("fslock: timed out after "), fallback::toString);
            assertTrue(fallback.err().contains(" waiting for lock " + lock + ": held by pid "), fallback::toString);
        }
        // Not a conflict: the command's own status, and fslock's other statuses, are left alone.
        assertEquals(0, fslock("run", "-n", "-E", "3", lock.toString(), "--", "true").status());
        assertEquals(5, fslock("run", "-E", "3", lock.toString(), "--", "sh", "-c", "exit 5").status());
        assertEquals(74, fslock("run", "-n", "-E", "3", dir.resolve("absent/x.lock").toString(), "--", "true").status());
    }

    /**
     * -E takes an exit status (0 to 255), and none that already says something else: 64, 70, 74 and
     * 77 are fslock's own errors, 126 and 127 a command that cannot run, 128+N a signal.
     */
    @Test
    void conflictExitCodeIsCheckedAndRefusesStatusesThatMeanSomethingElse() throws Exception {
        Path marker = output.resolve("ran");
        Map<String, String> refused = new java.util.HashMap<>(Map.of("256", "0 to 255", "-1", "0 to 255", "x", "not a number",
                "64", "usage error", "74", "I/O error", "77", "permission denied", "70", "a bug in fslock",
                "127", "command not found", "126", "not executable", "143", "killed by signal 15"));
        refused.put("76", "ZooKeeper lock lost");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Outcome o = fslock("run", "-n", "-E", e.getKey(), dir.resolve("x.lock").toString(), "--", "touch",
                    marker.toString());
            assertEquals(64, o.status(), o::toString);
            assertEquals(1, o.err().lines().count(), o::toString);
            assertTrue(o.err().startsWith("fslock: "), o::toString);
            assertTrue(o.err().contains(e.getValue()), () -> e + ": " + o);
            assertTrue(o.err().contains("(see: fslock run --help)"), o::toString);
        }
        assertFalse(Files.exists(marker), "the command ran");
        assertEquals(List.of(), Processes.list(dir), "something was created");
        for (String allowed : List.of("0", "1", "2", "63", "65", "75", "78", "125")) {
            assertEquals(0, fslock("run", "-E", allowed, dir.resolve("x.lock").toString(), "--", "true").status(), allowed);
        }
    }

    @Test
    void statusOfAHeldLock() throws Exception {
        Path lock = dir.resolve("x.lock");
        ProcessIdentity self = ProcessIdentity.current();
        try (LockHandle held = FsLock.open(lock, FsLockOptions.defaults().withLabel("say \"hi\"")).acquire(Duration.ofSeconds(5))) {
            Files.createFile(lock.resolve("o9_stray")); // an owner entry this version cannot read
            Path leftover = Files.createDirectory(dir.resolve(".x.lock.tmp." + deadOwner().entryName()));
            Files.createFile(leftover.resolve(deadOwner().entryName()));

            Outcome text = fslock("status", lock.toString());
            assertEquals(0, text.status(), text::toString);
            System.out.println(text.out());
            assertTrue(text.out().startsWith("lock " + lock + ": held, last fencing token " + held.fencingToken()), text.out());
            assertTrue(text.out().contains("holder pid " + self.pid() + " on " + self.host() + ": ALIVE, held for "), text.out());
            assertTrue(text.out().contains("owner entry this fslock cannot read"), text.out());
            assertTrue(text.out().contains(": pid 1 on " + self.host() + ", DEAD"), text.out());

            Outcome json = fslock("status", "--json", lock.toString());
            assertEquals(0, json.status(), json::toString);
            Map<String, Object> m = parseObject(json.out());
            assertEquals(List.of("lock", "state", "foreignKind", "lastFencingToken", "observedAt", "holders",
                    "foreignEntries", "leftovers", "busy"), List.copyOf(m.keySet()));
            assertEquals("held", m.get("state"));
            assertEquals(held.fencingToken(), m.get("lastFencingToken"));
            @SuppressWarnings("unchecked")
            Map<String, Object> holder = ((List<Map<String, Object>>) m.get("holders")).get(0);
            assertEquals(List.of("entry", "pid", "host", "bootId", "pidNamespace", "startTime", "liveness", "label",
                    "since", "heldForMillis", "command"), List.copyOf(holder.keySet()));
            assertEquals(held.entryName(), holder.get("entry"));
            assertEquals(self.pid(), holder.get("pid"));
            assertEquals("alive", holder.get("liveness"));
            assertEquals("say \"hi\"", holder.get("label"));
            Object since = ((List<Map<String, Object>>) m.get("foreignEntries")).get(0).get("since");
            assertEquals(List.of(Map.of("entry", "o9_stray", "since", since, "ownerEntry", true)), m.get("foreignEntries"));
            assertTrue(((String) since).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), since::toString);
            assertTrue(((String) m.get("observedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    m.get("observedAt")::toString);
            assertTrue(((String) holder.get("since")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    holder.get("since")::toString);
            @SuppressWarnings("unchecked")
            Map<String, Object> left = ((List<Map<String, Object>>) m.get("leftovers")).get(0);
            assertEquals("dead", left.get("liveness"));
            assertEquals(1L, left.get("pid"));
            Files.delete(lock.resolve("o9_stray"));
        }
        Outcome free = fslock("status", "--json", lock.toString());
        assertEquals("free", parseObject(free.out()).get("state"));
    }

    /**
     * Issue 13: status's exit status answers "would an acquirer have to wait?", for scripts: 0 busy
     * (a holder ALIVE or UNKNOWN), 1 not busy (free, or held only by DEAD owners, whom the next
     * acquirer removes), 74 not a lock (the report still printed). JSON's "busy" says the same.
     */
    @Test
    void statusExitStatusSaysWhetherTheLockIsBusy() throws Exception {
        Path lock = dir.resolve("x.lock");
        assertBusy(lock, 1, false, "free");
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            assertBusy(lock, 0, true, "held");
        }
        assertBusy(lock, 1, false, "free"); // released: the fence stays

        Files.createDirectory(lock);
        Files.createFile(lock.resolve(deadOwner().entryName()));
        assertBusy(lock, 1, false, "held"); // only a DEAD owner: the next acquirer takes the lock at once
        Files.createFile(lock.resolve("o9_stray"));
        assertBusy(lock, 0, true, "held"); // an owner this fslock cannot judge: an acquirer would wait
        Files.delete(lock.resolve("o9_stray"));
        Files.delete(lock.resolve(deadOwner().entryName()));

        Path file = Files.writeString(dir.resolve("file.lock"), "12345\n");
        Outcome text = fslock("status", file.toString());
        assertEquals(74, text.status(), text::toString);
        assertTrue(text.out().startsWith("lock " + file + ": not a lock"), text::toString);
        assertEquals("", text.err(), text::toString);
        assertBusy(file, 74, null, "foreign");
    }

    private static void assertBusy(Path lock, int status, Boolean busy, String state) throws Exception {
        Outcome text = fslock("status", lock.toString());
        assertEquals(status, text.status(), text::toString);
        Outcome json = fslock("status", "--json", lock.toString());
        assertEquals(status, json.status(), json::toString);
        Map<String, Object> m = parseObject(json.out());
        assertEquals(state, m.get("state"), json::toString);
        assertTrue(m.containsKey("busy"), json::toString);
        assertEquals(busy, m.get("busy"), json::toString);
    }

    @Test
    void breakRemovesOnlyDeadOwnersAndForceSaysWhatItRemovesFirst() throws Exception {
        Path lock = dir.resolve("x.lock");
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            String dead = deadOwner().entryName();
            Files.createFile(lock.resolve(dead));
            Files.createFile(lock.resolve("o9_stray"));

            Outcome plain = fslock("break", lock.toString());
            assertEquals(0, plain.status(), plain::toString);
            assertTrue(plain.out().contains("removed " + lock.resolve(dead) + ": pid 1 on "), plain.out());
            assertTrue(plain.out().contains("kept    " + lock.resolve(held.entryName())), plain.out());
            assertTrue(plain.out().contains("kept    " + lock.resolve("o9_stray")), plain.out());
            assertEquals(List.of(held.entryName(), "o9_stray"), Processes.list(lock));

            Outcome force = fslock("break", "--force", lock.toString());
            assertEquals(0, force.status(), force::toString);
            System.out.println(force.out());
            assertTrue(force.out().startsWith("about to remove (--force): " + lock.resolve("o9_stray")), force.out());
            assertTrue(force.out().contains("removed " + lock.resolve("o9_stray")), force.out());
            assertEquals(List.of(held.entryName()), Processes.list(lock), "a live owner's entry was removed");
        }
        Outcome nothing = fslock("break", lock.toString());
        assertEquals("lock " + lock + ": nothing to remove (free, no leftovers)\n", nothing.out());
    }

    @Test
    void allowNetworkFsBeforeOrAfterTheSubcommand() {
        for (List<String> args : List.of(List.of("--allow-network-fs", "status", "x.lock"),
                List.of("status", "--allow-network-fs", "x.lock"), List.of("status", "x.lock"))) {
            CommandLine.ParseResult parsed = new CommandLine(new Main(false)).parseArgs(args.toArray(String[]::new));
            StatusCommand status = (StatusCommand) parsed.subcommand().commandSpec().userObject();
            assertEquals(args.contains("--allow-network-fs"), status.main.options().allowNetworkFileSystem(), args::toString);
        }
    }

    @Test
    void noSubcommandIsAUsageError() throws Exception {
        Outcome o = fslock();
        assertEquals(64, o.status());
        assertTrue(o.err().startsWith("fslock: missing command: run, status or break"), o.err());
    }

    @Test
    void runPassesInputOutputAndStatusThrough() throws Exception {
        Path lock = dir.resolve("x.lock");
        Path in = Files.writeString(output.resolve("in"), "line one\nline two\n");
        String script = "cat; echo \"token $FSLOCK_FENCING_TOKEN lock $FSLOCK_LOCK\" >&2; exit 3";
        Process p = new ProcessBuilder(Processes.fslock("run", lock.toString(), "--", "sh", "-c", script))
                .redirectInput(in.toFile()).redirectOutput(output.resolve("out").toFile())
                .redirectError(output.resolve("err").toFile()).start();
        assertEquals(3, p.waitFor());
        assertEquals("line one\nline two\n", Files.readString(output.resolve("out")));
        String token = Files.readSymbolicLink(dir.resolve("x.lock.fence")).toString();
        assertEquals("token " + token + " lock " + lock + "\n", Files.readString(output.resolve("err")),
                "the command got the token that x.lock.fence now holds");
        assertFalse(Files.exists(lock));

        Processes.Result killed = Processes.run(output, Processes.fslock("run", lock.toString(), "--", "sh", "-c", "kill -9 $$"));
        assertEquals(137, killed.status(), killed::toString);
        Processes.Result missing = Processes.run(output, Processes.fslock("run", lock.toString(), "--", "no-such-command-x"));
        assertEquals(127, missing.status(), missing::toString);
        assertFalse(Files.exists(lock));
    }

    /** The library's INFO record of a broken dead entry: one "fslock: " line with -v, nothing without. */
    @Test
    void verboseRunSaysWhichDeadEntryItBrokeAndWhy() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("x.lock"));
        Files.createFile(lock.resolve(deadOwner().entryName()));
        Processes.Result quiet = Processes.run(output, Processes.fslock("run", lock.toString(), "--", "true"));
        assertEquals(0, quiet.status(), quiet::toString);
        assertEquals("", quiet.err(), "nothing on stderr without -v");

        Files.createDirectory(lock);
        Files.createFile(lock.resolve(deadOwner().entryName()));
        Processes.Result verbose = Processes.run(output, Processes.fslock("run", "-v", lock.toString(), "--", "true"));
        assertEquals(0, verbose.status(), verbose::toString);
        String expected = "fslock: lock " + lock + ": removed the entry " + deadOwner().entryName() + " of pid 1 on "
                + ProcessIdentity.current().host() + " (start k1), DEAD: no process with pid 1 and start time k1 runs in"
                + " boot " + ProcessIdentity.current().bootId() + ", PID namespace "
                + ProcessIdentity.current().pidNamespace() + " (the pid is gone, a zombie, or reused by a later process);"
                + " removed by a waiting acquirer, pid ";
        assertEquals(1, verbose.errLines().stream().filter(l -> l.startsWith(expected)).count(), verbose::toString);
    }

    /** An owner on this host, boot and PID namespace whose process is certainly gone: pid 1 with another start time. */
    private static OwnerId deadOwner() {
        ProcessIdentity self = ProcessIdentity.current();
        return new OwnerId(new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), 1, "k1"), "n0nce");
    }
}
