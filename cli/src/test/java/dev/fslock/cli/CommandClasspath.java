package dev.fslock.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the fslock command needs at run time, picked from the test class path: the command's own
 * classes, the library (its classes, or its jar when Maven builds the whole project) and picocli;
 * not the tests nor their libraries, nor the ZooKeeper module (the tests that run fslock on this
 * class path, LauncherTest and SeveralUsersTest among them, also show that a file lock needs none
 * of its classes).
 */
public final class CommandClasspath {
    private static final Pattern LIBRARY_JAR = Pattern.compile("fslock-[0-9][^-]*(-SNAPSHOT)?\\.jar");

    private CommandClasspath() {}

    /** The command's class path entries, in test class path order: three of them. */
    public static List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            String name = p.getFileName().toString();
            if (Files.isDirectory(p.resolve("dev/fslock/zookeeper"))) {
                continue; // the ZooKeeper module's classes: the file lock must run without them (ZkBackend)
            }
            if (p.endsWith(Path.of("target", "classes")) || name.startsWith("picocli-")
                    || LIBRARY_JAR.matcher(name).matches()) {
                entries.add(p);
            }
        }
        if (entries.size() != 3) {
            throw new IllegalStateException("expected the command's classes, the library and picocli on the test"
                    + " class path, found " + entries);
        }
        return entries;
    }
}
