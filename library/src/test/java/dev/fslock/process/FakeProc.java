package dev.fslock.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A procfs for the tests: a copy of a fixture recorded from a real /proc by
 * {@code src/test/resources/dev/fslock/process/fixtures/record.sh} (see there for what each holds),
 * in a temp directory, with {@code *.link} files turned back into symbolic links. Tests may edit
 * the copy (an option in the mount table, a removed file) and say why.
 */
final class FakeProc {
    final Path root;
    final Properties facts = new Properties();

    private FakeProc(Path root) {
        this.root = root;
    }

    /** The fixture {@code name} copied into {@code dir/name}. */
    static FakeProc fixture(String name, Path dir) {
        FakeProc proc = new FakeProc(dir.resolve(name));
        try {
            Path source = fixtures().resolve(name);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = proc.root.resolve(source.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    String fileName = file.getFileName().toString();
                    if (fileName.endsWith(".link")) {
                        Path link = target.resolveSibling(fileName.substring(0, fileName.length() - ".link".length()));
                        Files.createSymbolicLink(link, Path.of(Files.readString(file).trim()));
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(proc.root.resolve("fixture.properties"))) {
                proc.facts.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return proc;
    }

    static Path fixtures() {
        URL url = FakeProc.class.getResource("fixtures/plain/fixture.properties");
        if (url == null) {
            throw new IllegalStateException("fixtures missing from the test classpath");
        }
        try {
            return Path.of(url.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This procfs as the probe reads /proc: mountinfo names it /proc; no device check (it is a copy). */
    ProcFs procFs() {
        return new ProcFs(root, "/proc", false);
    }

    long pid(String name) {
        return Long.parseLong(fact(name + ".pid"));
    }

    /** The start time of process {@code name} as owner entries record it: read from the initial time namespace. */
    String start(String name) {
        return "k" + fact(name + ".start.initial");
    }

    long selfPid() {
        return Long.parseLong(fact("self.pid"));
    }

    String fact(String key) {
        String value = facts.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("fixture " + root.getFileName() + " has no " + key);
        }
        return value;
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> list(String relative) {
        try (Stream<Path> s = Files.list(root.resolve(relative))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeProc write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Copies process {@code pid}'s files from another fixture (e.g. one the reader may see). */
    FakeProc copyProcess(FakeProc from, long pid) {
        for (String file : List.of("stat", "status")) {
            write(pid + "/" + file, from.read(pid + "/" + file));
        }
        return this;
    }

    /** This fixture's reader: its identity as LocalProcess reads it there. */
    ProcessIdentity self() {
        return LocalProcess.detect(procFs(), selfPid(), BootTimeOffset.read(procFs()));
    }

    /** The probe of this fixture's reader. */
    ProcLivenessProbe probe() {
        return new ProcLivenessProbe(self(), procFs(), BootTimeOffset.read(procFs()), false);
    }
}
