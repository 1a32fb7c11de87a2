package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher, ./fslock, as cron runs it (issue 10): through a chain of symbolic links on PATH,
 * under {@code env -i} in the C locale, with arguments and a lock path that are not ASCII. The
 * launcher is a copy of the repository's, beside a jar whose manifest points at the compiled
 * classes (so nothing is built). Non-ASCII bytes are made by a shell script from octal escapes,
 * so that this test does not depend on the locale of the JVM running it.
 */
class LauncherTest {
    @TempDir Path dir;
    Path bin;

    /**
     * Copies ./fslock to repo/, a jar at repo/cli/target/ beside it, and links bin/fslock ->
     * ../links/fslock -> ../repo/fslock.
     */
    @BeforeEach
    void install() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "the launcher is a bash script; no bash here");
        Path jarDir = Files.createDirectories(dir.resolve("repo/cli/target"));
        Path launcher = Files.copy(projectRoot().resolve("fslock"), dir.resolve("repo/fslock"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (Path entry : CommandClasspath.entries()) {
            String name = "cp" + n++ + (Files.isDirectory(entry) ? "/" : ".jar");
            Files.createSymbolicLink(jarDir.resolve(name.replace("/", "")), entry);
            classPath.add(name);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarDir.resolve("fslock-cli.jar")), manifest)) {
            jar.flush();
        }
        Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(dir.resolve("links/fslock"), Path.of("../repo/fslock"));
        bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("fslock"), Path.of("../links/fslock"));
        Files.createDirectories(dir.resolve("work"));
    }

    /**
     * Runs {@code body} with /bin/sh in work/, after defining {@code $java}, {@code $bin} and
     * {@code $dir} and a function {@code caller VAR=VALUE... COMMAND...} that runs COMMAND as cron
     * would: {@code env -i} with PATH (bin/ first), HOME, PWD, SHLVL and the given variables.
     */
    private Processes.Result sh(String body) throws Exception {
        String script = "set -e\n"
                + "java='" + Processes.JAVA + "'; bin='" + bin + "'; dir='" + dir + "'\n"
                + "caller() { env -i PATH=\"$bin:/usr/bin:/bin\" HOME=\"$dir\" PWD=\"$dir/work\" SHLVL=1"
                + " FSLOCK_JAVA=\"$java\" \"$@\"; }\n"
                + "cd \"$dir/work\"\n" + body;
        Path file = Files.writeString(dir.resolve("script.sh"), script);
        Processes.Result r = Processes.run(dir, List.of("/bin/sh", file.toString()));
        System.out.println(body.strip() + "\n  -> " + r);
        return r;
    }

    private boolean hasUtf8Locale() throws Exception {
        Processes.Result r = Processes.run(dir, List.of("/bin/sh", "-c", "locale -a"));
        return r.status() == 0 && r.out().toLowerCase().matches("(?s).*\\.utf-?8.*");
    }

    /**
     * Issue 10: in the C locale every non-ASCII byte of the command's arguments became '?', and a
     * non-ASCII lock path was refused; a link to ./fslock on PATH built in the wrong directory and
     * exited 70. Now the command gets its arguments byte for byte, the lock is where it was asked
     * for, and the command's environment is the caller's (plus FSLOCK_LOCK and
     * FSLOCK_FENCING_TOKEN), also LC_ALL, whether it was set or not.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LC_ALL=C", "LANG=C", "LANG=POSIX LC_ALL=POSIX", "LC_ALL=C.UTF-8"})
    void argumentsAndPathsPassByteForByteInAnyLocaleAndTheEnvironmentIsTheCallers(String locale) throws Exception {
        assumeTrue(hasUtf8Locale(), "no UTF-8 locale installed (locale -a): the launcher cannot switch to one");
        Processes.Result r = sh(""
                + "arg=$(printf 'caf\\303\\251 \\342\\202\\254 \\360\\237\\230\\200')\n"
                + "lock=\"$dir/verrou-$(printf '\\303\\251').lock\"\n"
                + "printf %s \"$arg\" > \"$dir/arg.expected\"\n"
                + "caller " + locale + " WEIRD=\"$(printf '\\351\\377')\" env -0 > \"$dir/env.expected\"\n"
                + "caller " + locale + " WEIRD=\"$(printf '\\351\\377')\" \"$dir/repo/fslock\" run \"$lock\" -- sh -c"
                + " 'printf %s \"$1\" > \"$2/arg.got\"; env -0 > \"$2/env.got\"; ls \"$FSLOCK_LOCK\" > /dev/null'"
                + " sh \"$arg\" \"$dir\"\n"
                + "ls \"$dir\" | grep verrou > \"$dir/locks\"\n");

        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), "nothing on stderr");
        assertArrayEquals(Files.readAllBytes(dir.resolve("arg.expected")), Files.readAllBytes(dir.resolve("arg.got")),
                "the command's argument, byte for byte");
        assertEquals("verrou-\u00e9.lock.fence\n", new String(Files.readAllBytes(dir.resolve("locks")),
                StandardCharsets.UTF_8), "the lock where it was asked for, under its own name");
        Set<String> expected = entries(dir.resolve("env.expected"));
        Set<String> got = entries(dir.resolve("env.got"));
        assertTrue(got.removeIf(e -> e.startsWith("FSLOCK_LOCK=")), got::toString);
        assertTrue(got.removeIf(e -> e.matches("FSLOCK_FENCING_TOKEN=[1-9][0-9]*")), got::toString);
        assertEquals(expected, got, "the command's environment is the caller's");
    }

    /** Bytes that are not valid UTF-8 cannot pass through Java: refused in one line (64), nothing run or created. */
    @Test
    void anArgumentThatIsNotValidUtf8IsRefusedInOneLine() throws Exception {
        assumeTrue(hasUtf8Locale(), "no UTF-8 locale installed (locale -a): the launcher cannot switch to one");
        Processes.Result r = sh("caller LC_ALL=C \"$dir/repo/fslock\" run \"$dir/x.lock\" -- touch"
                + " \"$dir/ran-$(printf '\\377')\"\n");

        assertEquals(64, r.status(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertEquals("fslock: argument 5 (" + dir + "/ran-\\xff) is not valid in this JVM's character set UTF-8, so"
                + " Java cannot pass it on byte for byte: use names and arguments that are valid UTF-8.", r.errLines().get(0));
        assertEquals(List.of("bin", "links", "repo", "script.sh", "work"), Processes.list(dir).stream()
                .filter(n -> !n.startsWith("p")).toList(), "nothing run, no lock");
    }

    /**
     * Issue 10: a symbolic link to ./fslock on PATH looked for target/ beside the link, started a
     * build there and exited 70. Here two links deep, the second one relative.
     */
    @Test
    void aLinkToTheLauncherOnPathWorks() throws Exception {
        Processes.Result r = sh("caller LC_ALL=C fslock run \"$dir/x.lock\" -- sh -c 'echo $FSLOCK_FENCING_TOKEN'\n");
        assertEquals(0, r.status(), r::toString);
        assertEquals(Files.readSymbolicLink(dir.resolve("x.lock.fence")) + "\n", r.out(), "the command got the token");
        assertEquals("", r.err());
        assertFalse(Files.exists(dir.resolve("repo/cli/target/fslock-cli-build.log")), "no build was started");
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

    /** The NUL-separated entries of {@code env -0}, as byte-exact strings (ISO-8859-1). */
    private static Set<String> entries(Path file) throws IOException {
        Set<String> all = new HashSet<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : Files.readAllBytes(file)) {
            if (b == 0) {
                all.add(current.toString(StandardCharsets.ISO_8859_1));
                current.reset();
            } else {
                current.write(b);
            }
        }
        return all;
    }
}
