package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** writeFile opens without O_TRUNC (an ext4 flush on close otherwise); the content must not change for it. */
class NioFileOpsWriteTest {
    private final FileOps fs = NioFileOps.instance();

    @Test
    void writesAFreshFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entry");
        fs.createFile(file);
        fs.writeFile(file, bytes("42\n"), false);
        assertArrayEquals(bytes("42\n"), Files.readAllBytes(file));
    }

    @Test
    void aLongerOldContentLeavesNoTail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entry");
        Files.write(file, bytes("1234567890\n"));
        fs.writeFile(file, bytes("7\n"), true);
        assertArrayEquals(bytes("7\n"), Files.readAllBytes(file));
    }

    @Test
    void neverCreatesTheFile(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> fs.writeFile(dir.resolve("absent"), bytes("1"), false));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
