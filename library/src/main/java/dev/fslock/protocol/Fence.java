package dev.fslock.protocol;

import dev.fslock.fs.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The fence file {@code P.fence}: a symbolic link whose target is the last fencing token handed
 * out ({@code P.fence -> 17}). A link is created with its target in one call, so it is never
 * half-written, and it needs no data block. A regular file holding a number is read too: that is
 * what a person writes by hand to repair a corrupt fence.
 */
public final class Fence {
    private Fence() {}

    /** The link target that holds {@code token}: its decimal digits, as {@link #read} parses them. */
    public static String encode(long token) {
        return Long.toString(token);
    }

    /**
     * spec ReadFence: one {@code readlink} (a {@code read} only for a hand-written regular file).
     *
     * @return the last token; empty if there is no fence yet
     * @throws FileSystemException if the fence holds anything but a non-negative number: it is
     *     reported, never repaired
     */
    public static OptionalLong read(FileOps fs, Path fence) throws IOException {
        String text;
        try {
            var link = fs.readSymlink(fence);
            if (link.isEmpty()) {
                return OptionalLong.empty();
            }
            text = link.get();
        } catch (NotLinkException handWritten) {
            var content = fs.readFile(fence);
            if (content.isEmpty()) {
                return OptionalLong.empty();
            }
            text = new String(content.get(), StandardCharsets.US_ASCII);
        }
        return OptionalLong.of(parse(text.trim(), fence));
    }

    private static long parse(String text, Path fence) throws FileSystemException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FileSystemException(fence.toString(), null, "corrupt fence (\""
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"), so no fencing token can be issued."
                + " It was not changed. Remedy: remove it (rm " + fence + "); the next token then comes from the clock"
                + " in microseconds, larger than every earlier one unless the clock was set back. Then retry.");
    }
}
