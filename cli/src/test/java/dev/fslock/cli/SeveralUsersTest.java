package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several users, one lock (issue 10): real {@code fslock} JVMs run as other users with
 * {@code setpriv --reuid --regid --clear-groups}, in a group-shared directory (the documented
 * layout, made with {@code install -d -m 2775 -g GROUP}), in a world-writable one, and in a sticky
 * one (like /tmp). Needs root to switch users: skipped with the reason elsewhere.
 *
 * <p>Users: ALICE and BOB, both in group {@link #GROUP} (numeric ids, no passwd entry needed).
 * The JVMs read a copy of the classes and picocli in a world-readable directory, since ~/.m2 may
 * be private to root.
 */
class SeveralUsersTest {
    private static final int GROUP = 48_000;
    private static final int ALICE = 48_001;
    private static final int BOB = 48_002;

    private static Path shared;    // world-readable: the command's classes, the library and picocli, then each test's directories
    private static String classpath;

    @TempDir Path output;
    Path base;                     // this test's directories, searchable by everybody
    final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void copyTheClassesWhereOtherUsersCanReadThem() throws Exception {
        assumeTrue(isRoot(), "switching users needs root (CI runs as root); not root here");
        assumeTrue(run("setpriv", "--version") == 0, "setpriv (util-linux) is not installed");
        shared = Files.createTempDirectory("fslock-users");
        List<String> entries = new ArrayList<>();
        for (Path p : CommandClasspath.entries()) {
            if (Files.isDirectory(p)) {
                Path copy = shared.resolve("classes" + entries.size());
                copyTree(p, copy);
                entries.add(copy.toString());
            } else {
                entries.add(Files.copy(p, shared.resolve(p.getFileName())).toString());
            }
        }
        classpath = String.join(java.io.File.pathSeparator, entries);
        assertEquals(0, run("chmod", "-R", "a+rX", shared.toString()));
    }

    @AfterAll
    static void removeTheCopy() throws IOException {
        if (shared != null) {
            deleteTree(shared);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory(shared, "t");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The fslock command as {@code uid} in group {@link #GROUP} and no other. */
    private static List<String> fslockAs(int uid, String... args) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + GROUP, "--clear-groups",
                Processes.JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", classpath,
                Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    private Processes.Result runAs(int uid, String... args) throws Exception {
        Processes.Result r = Processes.run(output, fslockAs(uid, args));
        System.out.println("uid " + uid + ": fslock " + String.join(" ", args) + "\n  -> " + r.status() + ": "
                + r.err().strip());
        return r;
    }

    /** {@code uid} holds {@code lock} with {@code fslock run [extra] LOCK -- sleep 600}; returns once both entries are there. */
    private Process holdAs(int uid, Path lock, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(extra));
        args.addAll(List.of(lock.toString(), "--", "sleep", "600"));
        Process holder = Processes.start(output, fslockAs(uid, args.toArray(String[]::new))).process();
        started.add(holder);
        Processes.await("uid " + uid + " holds " + lock + " (fslock and its command)",
                () -> quietList(lock).size() == 2 || !holder.isAlive());
        assertTrue(holder.isAlive(), "the holder exited early");
        return holder;
    }

    /**
     * SIGKILL of the holder and its command: its lock is left to the others to recover. fslock
     * first: killed the other way round, fslock could see its command exit and release normally.
     */
    private static void kill(Process holder) throws InterruptedException {
        List<ProcessHandle> command = holder.descendants().toList();
        holder.destroyForcibly();
        holder.waitFor();
        command.forEach(ProcessHandle::destroyForcibly);
        Processes.await("the holder's command is gone", () -> command.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** The documented layout for a group: {@code install -d -m 2775 -g GROUP DIR}. */
    private Path groupDirectory() throws Exception {
        Path dir = base.resolve("group");
        assertEquals(0, run("install", "-d", "-m", "2775", "-g", Integer.toString(GROUP), dir.toString()));
        return dir;
    }

    private Path directoryWithMode(String name, String mode) throws Exception {
        Path dir = base.resolve(name);
        assertEquals(0, run("install", "-d", "-m", mode, dir.toString()));
        return dir;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * The documented way: a group directory and --mode 660. Bob waits while Alice holds (75), and
     * recovers the lock once Alice's holder and command are SIGKILLed: he may remove her entries
     * because the lock directory is group-writable.
     */
    @Test
    void inAGroupDirectoryWithModeAnotherUsersDeadHolderIsRecovered() throws Exception {
        Path lock = groupDirectory().resolve("x.lock");
        Process alice = holdAs(ALICE, lock, "--mode", "660");
        assertEquals("770", mode(lock), "group-writable whatever the umask");

        Processes.Result busy = runAs(BOB, "run", "--timeout", "0.5", "--mode", "660", lock.toString(), "--", "true");
        assertEquals(75, busy.status(), busy::toString);
        assertTrue(busy.err().contains("ALIVE"), busy.err());

        kill(alice);
        Processes.Result recovered = runAs(BOB, "run", "--timeout", "60", "--mode", "660", lock.toString(), "--", "true");
        assertEquals(0, recovered.status(), recovered::toString);
        assertEquals("", recovered.err(), "no message on success");
        // Nothing of Alice's is left. The queue file is there if Bob's first run reached the queue
        // before its 0.5 s ran out (on a loaded machine it may not have: a CI-like run saw that).
        List<String> left = new ArrayList<>(Processes.list(lock.getParent()));
        left.remove("x.lock.queue");
        assertEquals(List.of("x.lock.fence"), left);

        // And back: Alice replaces Bob's fence with her next token (the directory is not sticky).
        long bobs = Long.parseLong(Files.readSymbolicLink(lock.resolveSibling("x.lock.fence")).toString());
        Processes.Result again = runAs(ALICE, "run", "--mode", "660", lock.toString(), "--", "sh", "-c",
                "echo $FSLOCK_FENCING_TOKEN");
        assertEquals(0, again.status(), again::toString);
        assertTrue(Long.parseLong(again.out().trim()) > bobs, again::toString);
    }

    /**
     * Issue 10: without the option, the lock directory is made 755 under the umask; Bob could not
     * remove Alice's dead entry, and the message blamed the parent directory. Now: exit 77, one line
     * naming the call, the file, whose directory it is, and the fixes. Nothing is removed.
     */
    @Test
    void withoutModeADeadHolderOfAnotherUserIsAPermissionErrorThatSaysWhatToDo() throws Exception {
        Path lock = directoryWithMode("open", "777").resolve("x.lock");
        kill(holdAs(ALICE, lock));
        Map<String, String> before = snapshot(base);

        Processes.Result r = runAs(BOB, "run", "--timeout", "60", lock.toString(), "--", "true");

        assertEquals(77, r.status(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("fslock: lock " + lock + ": permission denied: unlink " + lock + "/o1_"), line);
        assertTrue(line.contains("needs write and search permission on " + lock + ", which is mode 755, owner uid "
                + ALICE + "; this process runs as uid " + BOB), line);
        assertTrue(line.contains("--mode 660"), line);
        assertTrue(line.contains("run: fslock break " + lock + " as uid " + ALICE + " or root"), line);
        assertEquals(before, snapshot(base), "nothing removed, nothing left behind");
    }

    /**
     * The queue across users: with --mode 660 the queue file x.lock.queue that Bob's waiter makes is
     * 660 whatever the umask (it was 644 under umask 022), so Alice's waiter, another user of the
     * group, can open it and waits for it in the kernel behind Bob, instead of always bypassing it.
     */
    @Test
    void withModeAnotherUsersWaiterJoinsTheQueue() throws Exception {
        Path lock = groupDirectory().resolve("x.lock");
        Path queue = lock.resolveSibling("x.lock.queue");
        Process holder = holdAs(ALICE, lock, "--mode", "660");

        Processes.Started bob = waitAs(BOB, lock);
        Processes.await("Bob's waiter holds the queue's lock (/proc/locks)", () -> Processes.queueLocks(queue, bob.pid(),
                false));
        assertEquals("660", mode(queue), "the queue file is group-writable whatever the umask");
        Processes.Started alice = waitAs(ALICE, lock);
        Processes.await("Alice's waiter waits in the kernel for the queue Bob made (/proc/locks)",
                () -> Processes.queueLocks(queue, alice.pid(), true));

        kill(holder);
        Processes.Result bobs = bob.await();
        assertEquals(0, bobs.status(), bobs::toString);
        Processes.Result alices = alice.await();
        assertEquals(0, alices.status(), alices::toString);
    }

    /** {@code uid} waits for {@code lock} with --mode 660 under umask 022, the common default. */
    private Processes.Started waitAs(int uid, Path lock) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "umask 022; exec \"$@\"", "sh"));
        argv.addAll(fslockAs(uid, "run", "--timeout", "60", "--mode", "660", lock.toString(), "--", "true"));
        Processes.Started waiter = Processes.start(output, argv);
        started.add(waiter.process());
        return waiter;
    }

    /** One user in a sticky directory (like /tmp) works as anywhere else. */
    @Test
    void inAStickyDirectoryOneUserWorks() throws Exception {
        Path lock = directoryWithMode("sticky", "1777").resolve("x.lock");
        long previous = 0;
        for (int i = 1; i <= 2; i++) {
            Processes.Result r = runAs(ALICE, "run", lock.toString(), "--", "sh", "-c", "echo $FSLOCK_FENCING_TOKEN");
            assertEquals(0, r.status(), r::toString);
            long token = Long.parseLong(r.out().trim());
            assertTrue(token > previous, "tokens grow: " + r);
            previous = token;
        }
    }

    /**
     * Issue 10: in a sticky directory Bob could never take a lock Alice had used (her fence cannot
     * be replaced by him), and every try failed with "Operation not permitted". Now his first
     * acquisition says so at once, in one line, with the layout that works; nothing is created or
     * removed. status still reports the lock.
     */
    @Test
    void inAStickyDirectoryAnotherUsersFenceIsRefusedAtOnceWithTheRemedy() throws Exception {
        Path lock = directoryWithMode("sticky", "1777").resolve("x.lock");
        assertEquals(0, runAs(ALICE, "run", lock.toString(), "--", "true").status());
        Map<String, String> before = snapshot(base);

        Processes.Result r = runAs(BOB, "run", "--timeout", "60", lock.toString(), "--", "true");

        assertEquals(74, r.status(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("fslock: lock " + lock + " cannot be taken by uid " + BOB + ": " + lock.getParent()
                + " is a sticky directory (mode 1777)"), line);
        assertTrue(line.contains("x.lock.fence (the lock's fencing token) belongs to uid " + ALICE), line);
        assertTrue(line.contains("install -d -m 2775 -g GROUP DIR"), line);
        assertEquals(before, snapshot(base));
        Processes.Result status = runAs(BOB, "status", lock.toString());
        assertEquals(1, status.status(), status::toString); // free
        assertTrue(status.out().startsWith("lock " + lock + ": free, last fencing token 1"), status.out());
    }

    /**
     * Issue 10: in a sticky directory, rename onto another user's lock directory fails with EPERM,
     * which was an I/O error (74) in the middle of acquiring. While that user holds the lock it is
     * a wait (75). Once the holder is dead, its entry is broken, but its empty directory can be
     * removed only by its owner: an error with the remedy (74), not an endless wait.
     */
    @Test
    void inAStickyDirectoryAnotherUsersLockDirectoryIsAWaitWhileHeldAndAnErrorWhenLeftEmpty() throws Exception {
        Path lock = directoryWithMode("sticky", "1777").resolve("x.lock");
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        started.add(sleeper);
        String entry = new OwnerId(ProcessIdentity.ofLocalProcess(sleeper.pid()).orElseThrow(), "n1").entryName();
        // Alice's lock directory, writable by all, holding the entry of a live process, and no fence
        // yet (so that the first acquisition has nothing to refuse).
        assertEquals(0, run(setprivAs(ALICE, "sh", "-c", "mkdir -m 777 \"$1\" && : > \"$1/$2\"", "sh", lock.toString(),
                entry)));

        Processes.Result busy = runAs(BOB, "run", "--timeout", "0.5", lock.toString(), "--", "true");
        assertEquals(75, busy.status(), busy::toString);
        assertTrue(busy.err().contains("held by pid " + sleeper.pid()), busy.err());
        assertEquals(List.of(entry), Processes.list(lock));

        sleeper.destroyForcibly();
        sleeper.waitFor();
        Processes.Result stuck = runAs(BOB, "run", "--timeout", "60", lock.toString(), "--", "true");
        assertEquals(74, stuck.status(), stuck::toString);
        // A loaded machine may take over a second to find out: then a progress line comes first.
        List<String> errors = stuck.errLines().stream().filter(l -> !l.startsWith("fslock: waiting ")).toList();
        assertEquals(1, errors.size(), stuck::toString);
        String line = errors.get(0);
        assertTrue(line.contains("the empty lock directory x.lock belongs to uid " + ALICE + "; remove it as that user"
                + " or root (rmdir " + lock + ")"), line);
        assertTrue(line.contains("install -d -m 2775 -g GROUP DIR"), line);
        assertEquals(List.of(), Processes.list(lock), "the dead holder's entry was broken; only the directory is left");
        assertEquals(List.of("x.lock", "x.lock.queue"), Processes.list(lock.getParent()), "Bob left nothing behind but the queue file");
    }

    /** Issue 10: "permission denied" printed only the path, even with -v. Now: the call, the file, the fix. */
    @Test
    void permissionDeniedSaysWhichCallOnWhichFileAndTheFix() throws Exception {
        Path lock = directoryWithMode("roots", "755").resolve("x.lock");

        Processes.Result r = runAs(BOB, "run", "-v", lock.toString(), "--", "true");

        assertEquals(77, r.status(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("fslock: lock " + lock + ": permission denied: mkdir " + lock.getParent() + "/.x.lock"
                + ".tmp.o1_"), line);
        assertTrue(line.contains("needs write and search permission on " + lock.getParent() + ", which is mode 755,"
                + " owner root (uid 0); this process runs as uid " + BOB), line);
        assertTrue(line.contains("install -d -m 2775 -g GROUP DIR"), line);

        Path unreadable = directoryWithMode("unreadable", "711").resolve("x.lock");
        Processes.Result status = runAs(BOB, "status", unreadable.toString());
        assertEquals(77, status.status(), status::toString);
        assertEquals(1, status.errLines().size(), status::toString);
        assertTrue(status.errLines().get(0).contains("permission denied: readdir " + unreadable.getParent()
                + " needs read permission on " + unreadable.getParent() + ", which is mode 711"), status.err());
    }

    /**
     * --mode is applied whatever the umask: under umask 077 the lock directory is 770, the entries
     * 660 (the holder's own entry also keeps the sticky bit that tells tmp cleaners to leave it).
     */
    @Test
    void modeIsAppliedWhateverTheUmask() throws Exception {
        Path lock = groupDirectory().resolve("x.lock");
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "umask 077; exec \"$@\"", "sh"));
        argv.addAll(fslockAs(ALICE, "run", "--mode", "660", lock.toString(), "--", "sh", "-c",
                "stat -c %a \"$FSLOCK_LOCK\" \"$FSLOCK_LOCK\"/*"));

        Processes.Result r = Processes.run(output, argv);

        assertEquals(0, r.status(), r::toString);
        List<String> modes = List.of(r.out().split("\n"));
        assertEquals("770", modes.get(0), r::toString);
        assertEquals(java.util.Set.of("1660", "660"), java.util.Set.copyOf(modes.subList(1, 3)),
                "the holder's entry (sticky) and the command's: " + r);
    }

    // ------------------------------------------------------------------------------------------

    private static List<String> setprivAs(int uid, String... command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + GROUP, "--clear-groups"));
        argv.addAll(List.of(command));
        return argv;
    }

    private static String mode(Path p) throws Exception {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777);
    }

    private static List<String> quietList(Path dir) {
        try {
            return Processes.list(dir);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every path under {@code root} with its owner, mode, and a file's content or a link's target. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p);
                all.put(root.relativize(p).toString(), Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                        + " " + what);
            }
        }
        return all;
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static int run(String... command) throws Exception {
        return run(List.of(command));
    }

    private static int run(List<String> command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static {
        assertFalse(ALICE == BOB);
    }
}
