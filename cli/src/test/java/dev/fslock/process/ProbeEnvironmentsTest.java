package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.cli.CommandClasspath;
import dev.fslock.protocol.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The liveness probe in the environments where an audit found live holders judged DEAD
 * (docs/probe-soundness.md, cases 1-6), with real processes and real namespaces: a live holder in
 * the environment, a contender across the boundary ({@code fslock run --no-wait LOCK -- touch
 * MARKER}, the real CLI), and what matters: the contender never gets in (exit 75, its command never
 * ran, the holder is reported ALIVE or UNKNOWN, never DEAD) and the holder is never compromised
 * (its release finds its entry). Each test failed on the probe before this fix.
 *
 * <p>Needs root, util-linux (unshare, setpriv) and a kernel with the namespaces; case 4 gcc,
 * case 6 bindfs. Each test is skipped with the reason where it cannot run.
 */
class ProbeEnvironmentsTest {
    private static final String JAVA_HOME = System.getProperty("java.home");
    private static final String JAVA = Path.of(JAVA_HOME, "bin", "java").toString();
    private static final String CLASSPATH = System.getProperty("java.class.path");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir Path tmp;
    Path dir;   // world-writable: another user's contender must be able to break into it (case 3)
    Path lock;
    Path marker;
    final List<Process> started = new ArrayList<>();
    // Commands of ours whose fslock we killed. A handle, not a pid: it knows the start time, so it
    // never ends a process that reused the pid.
    final List<ProcessHandle> orphans = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(LocalProcess.isLinux(), "Linux namespaces");
        assumeTrue(run(List.of("id", "-u")).out().strip().equals("0"), "needs root (CI runs as root)");
        assumeTrue(run(List.of("unshare", "-m", "true")).status() == 0, "needs unshare with mount namespaces");
        // Under /tmp rather than in tmp: JUnit's temp directory is private to root.
        dir = Files.createTempDirectory(Path.of("/tmp"), "fslock-probe-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        lock = dir.resolve("x.lock");
        marker = dir.resolve("contender-ran");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (dir == null) {
            return;
        }
        touch(dir.resolve("release"));
        for (ProcessHandle h : orphans) { // released above; ended by force if a failed test left it running
            h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join().destroyForcibly();
        }
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // --- case 1: time namespaces ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"holder in boottime +1000 s", "contender in boottime +1000 s",
        "holder in boottime +1000.005 s", "contender in a negative offset"})
    void timeNamespace(String variant) throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/time")), "needs a kernel with time namespaces (5.6+)");
        List<String> inside = switch (variant) {
            case "holder in boottime +1000 s", "contender in boottime +1000 s" ->
                    List.of("unshare", "-T", "--boottime", "1000", "--fork");
            case "holder in boottime +1000.005 s" -> List.of(procHelper().toString(), "timens", "1000", "5000000");
            default -> List.of(); // computed below, once the holder is old enough
        };
        boolean holderInside = variant.startsWith("holder");
        Process holder = start(concat(holderInside ? inside : List.of(),
                fslock("run", lock.toString(), "--", "sh", "-c", holdCommand())));
        awaitFile(dir.resolve("inside"), holder);
        if (variant.equals("contender in a negative offset")) {
            // An offset below minus the holder's start: the kernel's unsigned sum wraps its start time.
            long hz = BootTimeOffset.clockTicksPerSecond(ProcFs.SYSTEM).orElse(100);
            long holderStart = ProcStat.parse(Files.readString(Path.of("/proc/" + holder.pid() + "/stat"))).orElseThrow()
                    .startTicks() / hz;
            await("the holder is more than a second old", () -> uptimeSeconds() > holderStart + 2);
            inside = List.of("unshare", "-T", "--boottime", Long.toString(-(holderStart + 1)), "--fork");
        }
        Result contender = run(concat(holderInside ? List.of() : inside, fslock("run", "--no-wait", lock.toString(), "--",
                "touch", marker.toString())));
        holderReleasesUncompromised(holder);
        assertContenderStayedOut(contender);
    }

    // --- case 2: a procfs of another PID namespace ----------------------------------------------

    @Test
    void pidNamespaceWithTheHostsProc() throws Exception {
        // Holder and contender in one new PID namespace without its own procfs: /proc/PID is the
        // host's PID there (the holder, pid 2 or so in the namespace, is kthreadd on the host).
        String script = String.join("\n",
                "\"$@\" HOLD &",
                "while [ ! -e \"$D/held\" ]; do sleep 0.01; done",
                "\"$@\" CONTEND > \"$D/contender.out\" 2> \"$D/contender.err\"; echo $? > \"$D/contender.status\"",
                "touch \"$D/release\"; wait $!; echo $? > \"$D/holder.status\"");
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "env", "D=" + dir, "sh", "-c",
                script.replace("\"$@\" HOLD", javaCommand(HoldWorker.class, lock.toString(), dir.toString()))
                        .replace("\"$@\" CONTEND", quoted(fslock("run", "--no-wait", lock.toString(), "--", "touch",
                                marker.toString())))));
        Result r = run(argv);
        assertEquals(0, r.status(), r::toString);
        assertEquals("0", read("holder.status"), () -> "the holder's lock was broken: " + readQuietly("compromised"));
        assertTrue(Files.exists(dir.resolve("released")));
        assertContenderStayedOut(new Result(Integer.parseInt(read("contender.status")), "", read("contender.err")));
    }

    @Test
    void fslockRunRefusesToNameItsCommandInAProcfsOfAnotherPidNamespace() throws Exception {
        Result r = run(concat(List.of("unshare", "--pid", "--fork"),
                fslock("run", lock.toString(), "--", "touch", marker.toString())));
        assertEquals(74, r.status(), r::toString);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("another PID namespace") && lines.get(0).contains("unshare --mount-proc"),
                lines.get(0));
        assertFalse(Files.exists(marker), "the command ran");
        assertFalse(Files.exists(lock), "the lock was left held");
    }

    // --- case 3: hidepid mounted over /proc, another user ----------------------------------------

    @Test
    void hidepidProcMountedOverProcForAnotherUser() throws Exception {
        assumeTrue(run(List.of("setpriv", "--version")).status() == 0, "needs setpriv (util-linux)");
        Path classes = worldReadableClasspath();
        Process holder = start(List.of("sh", "-c", "umask 0; exec \"$@\"", "sh", JAVA, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", CLASSPATH, HoldWorker.class.getName(),
                lock.toString(), dir.toString()));
        awaitFile(dir.resolve("held"), holder);
        // The contender sees /proc with hidepid=invisible on top (systemd's ProtectProc=invisible),
        // as user 65534: root's holder is invisible to it.
        Result contender = run(List.of("unshare", "-m", "sh", "-c",
                "mount -t proc -o hidepid=invisible proc /proc && exec setpriv --reuid=65534 --regid=65534"
                        + " --clear-groups \"$@\"", "sh", JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-cp", classes.toString(), "dev.fslock.cli.Main", "run", "--no-wait", lock.toString(),
                "--", "touch", marker.toString()));
        holderReleases(holder);
        assertContenderStayedOut(contender);
    }

    // --- case 4: a zombie leader with a live thread ----------------------------------------------

    @Test
    void commandWhoseMainThreadExitedKeepsItsLock() throws Exception {
        Path helper = procHelper();
        Process fslock = start(fslock("run", lock.toString(), "--", helper.toString(), "zombie-leader", dir.toString()));
        awaitFile(dir.resolve("ready"), fslock);
        long command = Long.parseLong(read("ready").strip());
        ProcessHandle.of(command).ifPresent(orphans::add);
        await("the command's main thread has exited (state Z)", () -> readQuietly("/proc/" + command + "/stat")
                .map(s -> s.substring(s.lastIndexOf(')') + 2).startsWith("Z")).orElse(false));
        // fslock itself dies: only the command's own entry keeps the lock held now.
        fslock.destroyForcibly().waitFor();
        String commandEntry = entryOf(command);

        Result contender = run(fslock("run", "--no-wait", lock.toString(), "--", "touch", marker.toString()));
        assertTrue(Files.exists(lock.resolve(commandEntry)), "the live command's entry was broken");
        assertContenderStayedOut(contender);

        touch(dir.resolve("release")); // the second thread exits the process
        await("the command has exited", () -> !Files.exists(Path.of("/proc/" + command))
                || readQuietly("/proc/" + command + "/stat").map(s -> s.contains(") Z ")).orElse(true));
        Result after = run(fslock("run", "--timeout", "30", lock.toString(), "--", "true"));
        assertEquals(0, after.status(), () -> "once it has exited the lock is free: " + after);
    }

    // --- case 5: Linux without /proc ---------------------------------------------------------------

    @Test
    void withoutProcEveryOtherProcessIsUnknown() throws Exception {
        // An empty tmpfs over /proc in a mount namespace; the java launcher needs its libraries
        // named, as it cannot find itself through /proc/self/exe.
        String noProc = "mount -t tmpfs tmpfs /proc && exec env LD_LIBRARY_PATH=\"$JL\" \"$@\"";
        String libs = JAVA_HOME + "/lib:" + JAVA_HOME + "/lib/server";
        Process holder = start(concat(List.of("unshare", "-m", "env", "JL=" + libs, "sh", "-c", noProc, "sh"),
                javaArgv(HoldWorker.class.getName(), CLASSPATH, lock.toString(), dir.toString())));
        awaitFile(dir.resolve("held"), holder);
        Result contender = run(concat(List.of("unshare", "-m", "env", "JL=" + libs, "sh", "-c", noProc, "sh"),
                javaArgv("dev.fslock.cli.Main", CLASSPATH, "--allow-network-fs", "run", "--no-wait", lock.toString(),
                        "--", "touch", marker.toString())));
        holderReleases(holder);
        assertContenderStayedOut(contender);
    }

    // --- case 6: same host name, another boot id, a filesystem that may be shared -----------------

    @Test
    void anotherBootIdOnAFileSystemThatMayBeShared() throws Exception {
        assumeTrue(run(List.of("sh", "-c", "command -v bindfs")).status() == 0,
                "needs bindfs (apt-get install bindfs) for a FUSE filesystem");
        // The lock lives on a FUSE mount (type "fuse", which another kernel could be serving too).
        // The contender reads another boot id, as a clone of this machine with the same host name
        // would: a bind mount over /proc/sys/kernel/random/boot_id in its own mount namespace.
        Path source = Files.createDirectory(dir.resolve("source"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path fakeBoot = Files.writeString(dir.resolve("boot_id"), "0badb007-0000-4000-8000-00000000c10e\n");
        Path sharedLock = shared.resolve("x.lock");
        String script = String.join("\n",
                "bindfs -f --no-allow-other \"$D/source\" \"$D/shared\" & B=$!", // -f: our child, ended with us
                "until grep -q \" $D/shared fuse\" /proc/self/mounts; do kill -0 $B || exit 90; sleep 0.01; done",
                "HOLD &",
                "while [ ! -e \"$D/held\" ]; do sleep 0.01; done",
                "unshare -m sh -c 'mount --bind \"$1\" /proc/sys/kernel/random/boot_id && shift && exec \"$@\"' sh"
                        + " \"$D/boot_id\" CONTEND > \"$D/contender.out\" 2> \"$D/contender.err\"",
                "echo $? > \"$D/contender.status\"",
                "touch \"$D/release\"; wait $!; echo $? > \"$D/holder.status\"",
                "umount \"$D/shared\"; wait $B");
        Result r = run(List.of("unshare", "-m", "env", "D=" + dir, "sh", "-c", script
                .replace("HOLD", javaCommand(HoldWorker.class, sharedLock.toString(), dir.toString()))
                .replace("CONTEND", quoted(fslock("run", "--no-wait", sharedLock.toString(), "--", "touch",
                        marker.toString())))));
        assertEquals(0, r.status(), r::toString);
        assertTrue(Files.exists(fakeBoot));
        assertEquals("0", read("holder.status"), () -> "the holder's lock was broken: " + readQuietly("compromised"));
        assertContenderStayedOut(new Result(Integer.parseInt(read("contender.status")), "", read("contender.err")));
    }

    // --- the scenario's steps and checks ------------------------------------------------------------

    /** The holder's command under fslock run: says it is inside, stays until released. */
    private String holdCommand() {
        return "touch '" + dir.resolve("inside") + "'; while [ ! -e '" + dir.resolve("release") + "' ]; do sleep 0.01; done";
    }

    /** Exit 75 (busy), its command never ran, the holder reported ALIVE or UNKNOWN. */
    private void assertContenderStayedOut(Result contender) {
        String err = contender.err();
        assertFalse(Files.exists(marker), "two inside: the contender's command ran beside the live holder\n" + err);
        assertEquals(75, contender.status(), err);
        String message = err.lines().reduce((a, b) -> b).orElse("");
        assertTrue(message.contains("is busy") && !message.contains("DEAD")
                && (message.contains("ALIVE") || message.contains("UNKNOWN")), message);
    }

    /** An fslock run holder: its release finds its entries (else it exits 74, "compromised"). */
    private void holderReleasesUncompromised(Process holder) throws Exception {
        touch(dir.resolve("release"));
        Result r = await(holder);
        assertEquals(0, r.status(), () -> "the holder's lock was broken: " + r);
    }

    /** A HoldWorker holder. */
    private void holderReleases(Process holder) throws Exception {
        touch(dir.resolve("release"));
        Result r = await(holder);
        assertEquals(0, r.status(), () -> "the holder's lock was broken: " + readQuietly("compromised") + "\n" + r);
        assertTrue(Files.exists(dir.resolve("released")));
    }

    private String entryOf(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(lock)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.split("_")[4].equals(Long.toString(pid)))
                    .findFirst().orElseThrow(() -> new AssertionError("no entry of pid " + pid + " in " + lock));
        }
    }

    // --- processes ------------------------------------------------------------------------------------

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static List<String> javaArgv(String main, String classpath, String... args) {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:-UsePerfData", "-cp", classpath, main));
        argv.addAll(List.of(args));
        return argv;
    }

    private static List<String> fslock(String... args) {
        return javaArgv("dev.fslock.cli.Main", CLASSPATH, args);
    }

    private static String javaCommand(Class<?> main, String... args) {
        return quoted(javaArgv(main.getName(), CLASSPATH, args));
    }

    private static String quoted(List<String> argv) {
        return String.join(" ", argv.stream().map(Shell::quote).toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Process start(List<String> argv) throws IOException {
        long n = started.size();
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve("p" + n + ".out").toFile()).redirectError(tmp.resolve("p" + n + ".err").toFile())
                .start();
        started.add(p);
        return p;
    }

    private Result await(Process p) throws Exception {
        int n = started.indexOf(p);
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("still running after " + DEADLINE + ": " + p.info().commandLine().orElse("?"));
        }
        return new Result(p.exitValue(), Files.readString(tmp.resolve("p" + n + ".out")),
                Files.readString(tmp.resolve("p" + n + ".err")));
    }

    private Result run(List<String> argv) throws Exception {
        return await(start(argv));
    }

    private void awaitFile(Path file, Process owner) throws Exception {
        await(file.getFileName() + " from " + owner.info().commandLine().orElse("?"), () -> {
            if (!owner.isAlive() && !Files.exists(file)) {
                try {
                    fail("ended before " + file + ": " + await(owner));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return Files.exists(file);
        });
    }

    /** Polls every few milliseconds until the condition holds; fails after the deadline. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after " + DEADLINE + " waiting until " + what);
            }
            Thread.sleep(5); // polling interval, not synchronization: the condition decides
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
    }

    private java.util.Optional<String> readQuietly(String name) {
        try {
            return java.util.Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static void touch(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
    }

    private static long uptimeSeconds() {
        try {
            return (long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException e) {
            return 0;
        }
    }

    // --- things built for the tests ---------------------------------------------------------------

    /** test-resources proc-helper.c compiled into target/ (skips the test without gcc). */
    private static synchronized Path procHelper() throws Exception {
        Path source = Path.of("src/test/resources/dev/fslock/process/proc-helper.c");
        Path binary = Path.of("target/proc-helper");
        if (!Files.exists(binary) || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Process which = new ProcessBuilder("sh", "-c", "command -v gcc").start();
            assumeTrue(which.waitFor() == 0, "needs gcc to build the test helper " + source);
            Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-pthread", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, gcc.waitFor(), out);
        }
        return binary.toAbsolutePath();
    }

    /** The command's classes, the library and picocli copied where user 65534 can read them (root's ~/.m2 is private). */
    private Path worldReadableClasspath() throws Exception {
        Path cp = Files.createDirectory(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (Path from : CommandClasspath.entries()) {
            Path to = cp.resolve("e" + n++ + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(from.relativize(f).toString()));
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        run(List.of("chmod", "-R", "a+rX", cp.toString()));
        return Path.of(String.join(java.io.File.pathSeparator, entries));
    }
}
