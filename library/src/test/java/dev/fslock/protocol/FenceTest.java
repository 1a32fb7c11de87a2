package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.NioFileOps;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec ReadFence on the real filesystem: the link fslock writes, the file a person writes to repair it. */
class FenceTest {
    @TempDir
    Path dir;

    @Test
    void theLinkTargetIsTheLastToken() throws IOException {
        Path fence = dir.resolve("X.fence");
        assertEquals(OptionalLong.empty(), Fence.read(NioFileOps.instance(), fence), "no fence yet");
        Files.createSymbolicLink(fence, Path.of(Fence.encode(17)));
        assertEquals(OptionalLong.of(17), Fence.read(NioFileOps.instance(), fence));
    }

    @Test
    void aHandWrittenNumberIsReadToo() throws IOException {
        Path fence = dir.resolve("X.fence");
        Files.writeString(fence, " 0\n");
        assertEquals(OptionalLong.of(0), Fence.read(NioFileOps.instance(), fence), "zero is a token");
    }

    @Test
    void anythingElseIsReportedWithTheRemedyAndLeftAsItIs() throws IOException {
        Path fence = dir.resolve("X.fence");
        Files.createSymbolicLink(fence, Path.of("-1"));
        FileSystemException negative = assertThrows(FileSystemException.class,
                () -> Fence.read(NioFileOps.instance(), fence));
        assertTrue(negative.getReason().startsWith("corrupt fence (\"-1\")"), negative.getReason());
        assertTrue(negative.getReason().contains("rm " + fence), negative.getReason());
        assertEquals(fence.toString(), negative.getFile());
        assertTrue(Files.isSymbolicLink(fence));

        Files.delete(fence);
        Files.writeString(fence, "z".repeat(41));
        FileSystemException garbage = assertThrows(FileSystemException.class,
                () -> Fence.read(NioFileOps.instance(), fence));
        assertTrue(garbage.getReason().startsWith("corrupt fence (\"" + "z".repeat(40) + "...\")"), garbage.getReason());
        Files.writeString(fence, "z".repeat(40));
        FileSystemException fits = assertThrows(FileSystemException.class,
                () -> Fence.read(NioFileOps.instance(), fence));
        assertTrue(fits.getReason().startsWith("corrupt fence (\"" + "z".repeat(40) + "\")"), fits.getReason());
    }
}
