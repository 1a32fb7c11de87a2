package dev.fslock.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example is {@link Deploy}, word for word; pasted alone into a file it
 * compiles against the library and nothing else, and it runs top to bottom. The same check with a
 * real Maven project that depends on the installed library: library/check-fresh-project.
 */
class ReadmeTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Path LIBRARY_CLASSES = Path.of("target/classes").toAbsolutePath();

    @TempDir Path dir;

    /** The README's Java block that holds {@code class Deploy}. */
    static String readmeExample() throws IOException {
        String readme = Files.readString(projectRoot().resolve("README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("public class Deploy")) {
                blocks.add(m.group(1));
            }
        }
        assertEquals(1, blocks.size(), "README.md should have one ```java block with class Deploy");
        return blocks.get(0);
    }

    /** The part of Deploy.java between the markers. */
    static String sourceExample() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/fslock/readme/Deploy.java"));
        String begin = "// README:begin\n";
        String end = "// README:end";
        return source.substring(source.indexOf(begin) + begin.length(), source.indexOf(end));
    }

    @Test
    void theReadmeShowsDeployJavaAsItIs() throws IOException {
        assertEquals(sourceExample(), readmeExample(), "README.md's example and Deploy.java differ: make them equal");
    }

    @Test
    void theReadmeExampleCompilesAgainstTheLibraryAloneAndRuns() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Deploy.java"), readmeExample());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Result javac = run(List.of(tool("javac"), "--release", "17", "-Xlint:all", "-Werror",
                "-classpath", LIBRARY_CLASSES.toString(), "-d", classes.toString(), src.resolve("Deploy.java").toString()));
        assertEquals(0, javac.status(), "the README's example does not compile as shown:\n" + javac.output());

        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Result deploy = run(List.of(tool("java"), "-Djava.io.tmpdir=" + tmp,
                "-cp", LIBRARY_CLASSES + java.io.File.pathSeparator + classes, "Deploy"));
        String output = deploy.output();
        assertEquals(0, deploy.status(), output);

        List<String> lines = output.lines().toList();
        assertEquals(5, lines.size(), output);
        List<Long> tokens = new ArrayList<>();
        for (String line : lines.subList(0, 3)) {
            assertTrue(line.startsWith("deploying, fencing token "), output);
            tokens.add(Long.parseLong(line.substring("deploying, fencing token ".length())));
        }
        assertTrue(tokens.get(0) < tokens.get(1) && tokens.get(1) < tokens.get(2), "tokens grow: " + output);
        assertTrue(lines.get(3).startsWith("done with token "), output);
        assertTrue(Long.parseLong(lines.get(3).substring("done with token ".length())) > tokens.get(2), output);
        assertEquals(tmp.resolve("deploy.lock") + " is FREE", lines.get(4));
        assertEquals(List.of("deploy.lock.fence"), list(tmp), "the lock is released; only its fence remains");
    }

    private record Result(int status, String output) {}

    /** Runs a JDK tool, its output in a file; a 60 s deadline (only a hang reaches it), never a pause. */
    private Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not end within 60 s: " + command);
        return new Result(p.exitValue(), Files.readString(out));
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static List<String> list(Path d) throws IOException {
        try (var names = Files.list(d)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The project's root, where README.md is: the test runs in library/. */
    private static Path projectRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("spec"))) {
                return d;
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
