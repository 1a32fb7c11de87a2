package dev.fslock.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/** A fake /proc tree in a temp directory: {@code self/mounts} and {@code PID/stat} files. */
final class FakeProc {
    final Path root;

    FakeProc(Path root) {
        this.root = root;
    }

    /** /proc mounted with {@code options} ("rw,relatime", "rw,hidepid=2"...). */
    FakeProc mounted(String options) {
        write(root.resolve("self/mounts"), "sysfs /sys sysfs rw 0 0\nproc " + root + " proc " + options + " 0 0\n");
        return this;
    }

    FakeProc process(long pid, String comm, char state, long startTicks) {
        write(root.resolve(pid + "/stat"), stat(pid, comm, state, startTicks));
        return this;
    }

    FakeProc rawStat(long pid, String content) {
        write(root.resolve(pid + "/stat"), content);
        return this;
    }

    /** A line as the kernel writes it: 52 fields, field 22 the start time in ticks after boot. */
    static String stat(long pid, String comm, char state, long startTicks) {
        StringJoiner rest = new StringJoiner(" ");
        for (int field = 4; field <= 52; field++) {
            rest.add(field == 22 ? Long.toString(startTicks) : Integer.toString(field * 10));
        }
        return pid + " (" + comm + ") " + state + " " + rest + "\n";
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
