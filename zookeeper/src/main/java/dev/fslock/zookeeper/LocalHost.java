package dev.fslock.zookeeper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name, for the lock node's data: read once, without DNS (which may hang). */
final class LocalHost {
    private static final String NAME = read();

    private LocalHost() {}

    static String name() {
        return NAME;
    }

    private static String read() {
        try {
            String uts = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!uts.isEmpty()) {
                return uts;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the environment, or nothing
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown-host" : env.strip();
    }
}
