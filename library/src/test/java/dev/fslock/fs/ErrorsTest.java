package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which errors mean "refused" (for want of permission; a rename target that is occupied) and which
 * mean "failed": the protocol waits on the first and reports the second, so a mix-up either
 * reports a held lock as an error or waits on a broken filesystem.
 */
class ErrorsTest {

    @Test
    void eaccesAndEpermArePermissionRefusals(@TempDir Path dir) throws Exception {
        assertTrue(Errors.isPermissionRefusal(new AccessDeniedException("/x")));
        FileSystemException realEperm = assertThrows(FileSystemException.class,
                () -> Files.createLink(dir.resolve("link"), Files.createDirectory(dir.resolve("d"))));
        assertTrue(Errors.isEperm(realEperm), "link(2) of a directory: " + realEperm);
        assertTrue(Errors.isPermissionRefusal(realEperm));
        assertTrue(Errors.isEperm(new FileSystemException("/x", null, "Operation not permitted")));
    }

    @Test
    void otherErrorsAreNot() {
        FileSystemException readOnly = new FileSystemException("/x", null, "Read-only file system");
        assertFalse(Errors.isEperm(readOnly));
        assertFalse(Errors.isPermissionRefusal(readOnly));
        assertFalse(Errors.isEperm(new FileSystemException("/x")), "no reason");
        assertFalse(Errors.isEperm(new AccessDeniedException("/x", null, "Operation not permitted")),
                "EACCES, whatever its reason says");
        assertFalse(Errors.isPermissionRefusal(new NoSuchFileException("/x")));
        assertFalse(Errors.isPermissionRefusal(new java.io.IOException("Operation not permitted")));
    }

    @Test
    void anOccupiedRenameTargetIsARefusalAnythingElseAFailure() {
        assertTrue(RenameRefusals.isRefusal(new FileAlreadyExistsException("/t")));
        assertTrue(RenameRefusals.isRefusal(new DirectoryNotEmptyException("/t")));
        assertTrue(RenameRefusals.isRefusal(new FileSystemException("/f", "/t", "Directory not empty")));
        assertTrue(RenameRefusals.isRefusal(new FileSystemException("/f", "/t", "Not a directory")));
        assertTrue(RenameRefusals.isRefusal(new FileSystemException("/f", "/t", "Is a directory")));
        assertFalse(RenameRefusals.isRefusal(new FileSystemException("/f", "/t", "Read-only file system")));
        assertFalse(RenameRefusals.isRefusal(new FileSystemException("/f", "/t", "Invalid argument")));
        assertFalse(RenameRefusals.isRefusal(new FileSystemException("/f")), "no reason");
    }
}
