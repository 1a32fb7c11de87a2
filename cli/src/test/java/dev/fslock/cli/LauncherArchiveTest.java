package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up archive (docs/cli.md, "Start-up"): ./fslock starts the JVM with the
 * class-data archive that cli/src/build/cds-archive.sh made for the jar (mvn package runs it), and
 * without it, silently and with the same result, when it is stale, truncated, made by another java,
 * refused by the JVM, or disabled with FSLOCK_JAVA_OPTS. Whether the archive was used is read from
 * the JVM's class loading log (where dev.fslock.cli.Main came from), never from timings.
 *
 * <p>One copy of the launcher and one jar for the whole class (the archive records the jar's path and
 * takes seconds to make); each test starts from the archive as the script made it.
 */
class LauncherArchiveTest {
    private static final String FROM_ARCHIVE = "dev.fslock.cli.Main source: shared objects file";

    @TempDir static Path shared;
    static Path target;
    static Path jar;
    static FileTime jarTime;

    @TempDir Path dir;

    /** repo/fslock (a copy of the launcher), repo/cli/target/fslock-cli.jar (one jar, as shaded), and its archive. */
    @BeforeAll
    static void buildJarAndArchive() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "the launcher and the archive script are bash scripts; no bash here");
        target = Files.createDirectories(shared.resolve("repo/cli/target"));
        Path launcher = Files.copy(projectRoot().resolve("fslock"), shared.resolve("repo/fslock"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A class-data archive takes jars only (no directories): the classes in one jar, like the shaded one.
        jar = target.resolve("fslock-cli.jar");
        writeJar(jar, CommandClasspath.entries());
        jarTime = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(jar, jarTime);
        Processes.Result made = Processes.run(shared, List.of("bash",
                projectRoot().resolve("cli/src/build/cds-archive.sh").toString(), Processes.JAVA, jar.toString(),
                target.resolve("fslock-cli.jsa").toString()));
        assertEquals(0, made.status(), made::toString);
        assertEquals("", made.err(), "the script says nothing when it makes the archive");
        assertTrue(Files.size(target.resolve("fslock-cli.jsa")) > 0);
        Files.copy(target.resolve("fslock-cli.jsa"), shared.resolve("pristine.jsa"));
        Files.copy(target.resolve("fslock-cli.jsa.id"), shared.resolve("pristine.jsa.id"));
    }

    /** The archive and its id as the script made them, newer than the jar, which has its own time again. */
    @BeforeEach
    void pristineArchive() throws IOException {
        Files.copy(shared.resolve("pristine.jsa"), archive(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(shared.resolve("pristine.jsa.id"), id(), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, jarTime);
    }

    @AfterEach
    void jarTimeBack() throws IOException {
        Files.setLastModifiedTime(jar, jarTime);
    }

    private static Path archive() {
        return target.resolve("fslock-cli.jsa");
    }

    private static Path id() {
        return target.resolve("fslock-cli.jsa.id");
    }

    /**
     * Runs {@code ./fslock args} with FSLOCK_JAVA the test's java and FSLOCK_JAVA_OPTS
     * {@code opts} plus a class loading log in {@code dir}/classes.log.
     */
    private Processes.Result fslock(String opts, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(shared.resolve("repo/fslock").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(argv).directory(dir.toFile()); // where a JVM crash report would go
        b.environment().put("FSLOCK_JAVA", Processes.JAVA);
        b.environment().put("FSLOCK_JAVA_OPTS",
                (opts + " -Xlog:class+load=info:file=" + dir.resolve("classes.log")).strip());
        Processes.Result r = Processes.start(dir, b).await();
        System.out.println(argv + " with FSLOCK_JAVA_OPTS=" + opts + "\n  -> " + r);
        return r;
    }

    private boolean fromArchive() throws IOException {
        return Files.readString(dir.resolve("classes.log")).contains(FROM_ARCHIVE);
    }

    /** What fslock run -- true must do whatever happens to the archive: exit 0, say nothing, and leave the lock free. */
    private void runsTrueQuietly(String opts) throws Exception {
        Processes.Result r = fslock(opts, "run", dir.resolve("x.lock").toString(), "--", "true");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals("", r.err(), "nothing on stderr: " + r);
        Processes.Result status = fslock(opts, "status", dir.resolve("x.lock").toString());
        assertEquals(1, status.status(), status::toString);
        assertTrue(status.out().matches("lock \\S+x\\.lock: free, last fencing token [1-9][0-9]*\n"), status::toString);
        assertEquals("", status.err(), status::toString);
    }

    /** Fails on the launcher before the archive: it started the JVM with the JDK's archive only. */
    @Test
    void theArchiveMadeForTheJarIsUsed() throws Exception {
        runsTrueQuietly("");
        assertTrue(fromArchive(), "dev.fslock.cli.Main loaded from the archive");
    }

    /** A jar rebuilt after the archive (e.g. without the archive step): not used, nothing said. */
    @Test
    void aJarNewerThanTheArchiveRunsWithoutIt() throws Exception {
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        runsTrueQuietly("");
        assertFalse(fromArchive());
    }

    /**
     * JDK 17 (17.0.15) dies of SIGBUS (exit 134, a crash report) on some truncated archives instead
     * of refusing them: one dumped with the serial collector, cut at 100,000 bytes, here (the script
     * dumps with G1, whose truncated archives were refused in every try; the size check keeps the
     * launcher safe whatever the JVM does). Fails without the launcher's size check.
     */
    @Test
    void aTruncatedArchiveIsNotGivenToTheJvm() throws Exception {
        Path classList = Path.of(System.getProperty("java.home"), "lib", "classlist");
        assumeTrue(Files.isReadable(classList), "no lib/classlist in this JDK to make an archive from");
        Path serial = dir.resolve("serial.jsa");
        Processes.Result dumped = Processes.run(dir, List.of(Processes.JAVA, "-XX:+UseSerialGC", "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + serial, "-cp", jar.toString()));
        assertEquals(0, dumped.status(), dumped::toString);
        byte[] head = new byte[100_000];
        try (InputStream in = Files.newInputStream(serial)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Files.write(archive(), head); // the id still records the size of the whole archive
        runsTrueQuietly("");
        assertFalse(fromArchive());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList(),
                    "no JVM crash report");
        }
    }

    /**
     * An archive the JVM itself refuses (the jar's time no longer the one recorded in it, still
     * older than the archive): the JVM would say so on stdout, mixed with fslock's output, unless
     * the launcher silences it.
     */
    @Test
    void anArchiveTheJvmRefusesIsRefusedSilently() throws Exception {
        Files.setLastModifiedTime(jar, FileTime.fromMillis(jarTime.toMillis() - 10_000));
        runsTrueQuietly("");
        assertFalse(fromArchive());
    }

    /** An archive with garbage inside, at its recorded size: refused, nothing said. */
    @Test
    void aCorruptArchiveIsRefusedSilently() throws Exception {
        byte[] garbage = new byte[(int) Files.size(archive())];
        Arrays.fill(garbage, (byte) 0x5a);
        Files.write(archive(), garbage);
        runsTrueQuietly("");
        assertFalse(fromArchive());
    }

    /** FSLOCK_JAVA another JDK than the one that made the archive: the launcher does not give it the archive. */
    @Test
    void anArchiveOfAnotherJavaIsNotUsed() throws Exception {
        List<String> lines = Files.readAllLines(id());
        Files.write(id(), List.of("/opt/another-jdk/bin/java", lines.get(1)));
        runsTrueQuietly("");
        assertFalse(fromArchive());
    }

    /** The way to turn it off (docs/cli.md): FSLOCK_JAVA_OPTS choosing its own -Xshare or archive. */
    @Test
    void fslockJavaOptsCanTurnItOff() throws Exception {
        runsTrueQuietly("-Xshare:auto");
        assertFalse(fromArchive(), "-Xshare:auto: the JDK's own archive");
        runsTrueQuietly("-Xshare:off");
        assertFalse(fromArchive());
    }

    /** No archive at all (built with -Dfslock.cds.skip=true, or the script could not make one). */
    @Test
    void noArchiveRunsAsBefore() throws Exception {
        Files.delete(archive());
        runsTrueQuietly("");
        Files.delete(id());
        runsTrueQuietly("");
        assertFalse(fromArchive());
    }

    /** Two launchers at once share the archive (the JVM maps it read-only). */
    @Test
    void twoLaunchersAtOnce() throws Exception {
        List<Processes.Started> started = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder b = new ProcessBuilder(shared.resolve("repo/fslock").toString(), "run",
                    dir.resolve("x.lock").toString(), "--", "true");
            b.environment().put("FSLOCK_JAVA", Processes.JAVA);
            b.environment().put("FSLOCK_JAVA_OPTS", "-Xlog:class+load=info:file=" + dir.resolve("classes" + i + ".log"));
            started.add(Processes.start(dir, b));
        }
        for (int i = 0; i < 2; i++) {
            Processes.Result r = started.get(i).await();
            assertEquals(0, r.status(), r::toString);
            assertEquals("", r.err(), r::toString);
            assertTrue(Files.readString(dir.resolve("classes" + i + ".log")).contains(FROM_ARCHIVE));
        }
    }

    /** The script with a java that cannot make an archive: says why in one line, exits 0 (the build goes on), leaves none. */
    @Test
    void theScriptGivesUpQuietlyWithoutAnArchive() throws Exception {
        Path fakeJava = Files.writeString(dir.resolve("java"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("out/fslock-cli.jsa");
        Files.createDirectories(out.getParent());
        Processes.Result r = Processes.run(dir, List.of("bash",
                projectRoot().resolve("cli/src/build/cds-archive.sh").toString(), fakeJava.toString(), jar.toString(),
                out.toString()));
        assertEquals(0, r.status(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("fslock: no start-up archive (the training run failed;"), r::toString);
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(Path.of(out + ".id")));
    }

    /** One jar with everything the command needs, its main class in the manifest. */
    private static void writeJar(Path jar, List<Path> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        Set<String> names = new HashSet<>(Set.of("META-INF/", "META-INF/MANIFEST.MF"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    Files.walkFileTree(entry, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            String name = entry.relativize(file).toString();
                            if (names.add(name)) {
                                out.putNextEntry(new JarEntry(name));
                                Files.copy(file, out);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
                } else {
                    try (JarFile in = new JarFile(entry.toFile())) {
                        for (JarEntry e : Collections.list(in.entries())) {
                            if (e.isDirectory() || !names.add(e.getName()) || e.getName().matches("META-INF/.*\\.(SF|DSA|RSA)")) {
                                continue;
                            }
                            out.putNextEntry(new JarEntry(e.getName()));
                            try (InputStream data = in.getInputStream(e)) {
                                data.transferTo(out);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The project's root, where ./fslock is: the test runs in cli/. */
    private static Path projectRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("fslock")) && Files.isDirectory(d.resolve("cli"))) {
                return d;
            }
        }
        throw new IllegalStateException("./fslock not found above " + Path.of("").toAbsolutePath());
    }
}
