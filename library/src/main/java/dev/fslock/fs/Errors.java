package dev.fslock.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which errno an I/O error stands for, where Java does not say: EPERM comes as a plain
 * {@link FileSystemException} whose reason is the C library's text for it, which depends on the
 * locale; the text is learned once, by provoking EPERM (a hard link to a directory) in a private
 * temporary directory.
 */
public final class Errors {
    private static final String ENGLISH_EPERM = "Operation not permitted";

    private Errors() {}

    /** EACCES or EPERM: refused for want of permission (or of ownership, in a sticky directory). */
    public static boolean isPermissionRefusal(IOException e) {
        return e instanceof AccessDeniedException || isEperm(e);
    }

    /** EPERM: "Operation not permitted" (a sticky directory, an immutable file, ...). */
    public static boolean isEperm(IOException e) {
        if (e.getClass() != FileSystemException.class) {
            return false;
        }
        String reason = ((FileSystemException) e).getReason();
        return reason != null && (reason.equals(ENGLISH_EPERM) || reason.equals(Learned.EPERM));
    }

    private static final class Learned {
        static final String EPERM = learn();

        private static String learn() {
            Path scratch = null;
            try {
                scratch = Files.createTempDirectory("fslock-errno-probe");
                Path dir = Files.createDirectory(scratch.resolve("dir"));
                Files.createLink(scratch.resolve("link"), dir); // link(2) of a directory: EPERM
                return ENGLISH_EPERM;
            } catch (FileSystemException e) {
                return e.getReason() == null ? ENGLISH_EPERM : e.getReason();
            } catch (IOException | RuntimeException e) {
                return ENGLISH_EPERM;
            } finally {
                if (scratch != null) {
                    try {
                        Files.deleteIfExists(scratch.resolve("link"));
                        Files.deleteIfExists(scratch.resolve("dir"));
                        Files.deleteIfExists(scratch);
                    } catch (IOException ignored) {
                        // a leftover in java.io.tmpdir is harmless
                    }
                }
            }
        }
    }
}
