package dev.fslock.cli;

import java.util.Map;

/**
 * The command runs in the caller's environment. The launcher (./fslock) may have changed one
 * variable for the JVM: LC_ALL, to a UTF-8 locale when the caller's was ASCII (C, POSIX), so that
 * Java passes arguments and file names byte for byte. It keeps the caller's value in
 * {@value #LAUNCHER_LC_ALL} ({@code ""}: unset; {@code "set:VALUE"}: VALUE), which is given back here.
 */
final class CallerEnvironment {
    static final String LAUNCHER_LC_ALL = "FSLOCK_LAUNCHER_LC_ALL";

    private CallerEnvironment() {}

    /** Turns the JVM's environment {@code env} back into the caller's. */
    static void restore(Map<String, String> env) {
        String saved = env.remove(LAUNCHER_LC_ALL);
        if (saved == null) {
            return;
        }
        if (saved.startsWith("set:")) {
            env.put("LC_ALL", saved.substring(4));
        } else {
            env.remove("LC_ALL");
        }
    }
}
