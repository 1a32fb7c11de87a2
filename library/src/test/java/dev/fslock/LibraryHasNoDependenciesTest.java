package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library has no runtime dependencies: only the CLI (package dev.fslock.cli) uses picocli,
 * which the pom declares optional. Checked on the compiled classes, where every referenced class
 * name appears in the constant pool.
 */
class LibraryHasNoDependenciesTest {
    private static final Path CLASSES = Path.of("target/classes/dev/fslock");

    @Test
    void noLibraryClassReferencesAnythingOutsideTheJdkAndFslock() throws IOException {
        List<Path> offenders;
        List<Path> checked;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            checked = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !CLASSES.relativize(p).startsWith("cli"))
                    .toList();
        }
        offenders = checked.stream().filter(LibraryHasNoDependenciesTest::referencesPicocli).toList();
        assertFalse(checked.isEmpty(), "no classes found under " + CLASSES);
        assertEquals(List.of(), offenders, "library classes that reference picocli");
    }

    @Test
    void theCliIsWherePicocliIsUsed() throws IOException {
        // The check above can fail: the CLI's classes do reference picocli.
        assertTrue(referencesPicocli(CLASSES.resolve("cli/Main.class")), "cli/Main.class should reference picocli");
    }

    private static boolean referencesPicocli(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("picocli/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
