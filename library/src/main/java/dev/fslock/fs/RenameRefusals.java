package dev.fslock.fs;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells a refused rename ("the target is occupied") from a failed one (I/O error, read-only).
 *
 * <p>Java reports ENOTEMPTY, ENOTDIR and EISDIR from {@code rename(2)} as a plain
 * {@link FileSystemException} whose reason is the C library's {@code strerror} text, which depends
 * on the locale. So the texts are learned once, by provoking each error in a private temporary
 * directory; the English texts serve if that is impossible.
 */
final class RenameRefusals {
    private static final Set<String> REASONS = learn();

    private RenameRefusals() {}

    static boolean isRefusal(FileSystemException e) {
        return e instanceof FileAlreadyExistsException
                || e instanceof DirectoryNotEmptyException
                || (e.getReason() != null && REASONS.contains(e.getReason()));
    }

    private static Set<String> learn() {
        Set<String> reasons = new HashSet<>(Set.of("Directory not empty", "Not a directory", "Is a directory", "File exists"));
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("fslock-rename-probe");
            Path dir = Files.createDirectory(scratch.resolve("dir"));
            Path full = Files.createDirectory(scratch.resolve("full"));
            Files.createFile(full.resolve("entry"));
            Path file = Files.createFile(scratch.resolve("file"));
            reasons.add(refusalReason(dir, full));   // ENOTEMPTY (or EEXIST)
            reasons.add(refusalReason(dir, file));   // ENOTDIR
            reasons.add(refusalReason(file, full));  // EISDIR
        } catch (IOException | RuntimeException ignored) {
            // No scratch space: the English texts above are the best we have.
        } finally {
            deleteQuietly(scratch);
        }
        reasons.remove(null);
        return Set.copyOf(reasons);
    }

    private static String refusalReason(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (FileSystemException e) {
            return e.getReason();
        } catch (IOException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A leftover scratch directory in java.io.tmpdir is harmless.
        }
    }
}
