package dev.fslock.bench.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A lock implementation and how to start one of its worker processes (command, extra environment). */
record Variant(String name, String label, String runtime, List<String> command, int recoveryKills, Map<String, String> env) {
    Variant(String name, String label, String runtime, List<String> command, int recoveryKills) {
        this(name, label, runtime, command, recoveryKills, Map.of());
    }

    /**
     * A recovery worker's JVM gets a small young generation: a killed process's locks are freed only
     * after its memory is torn down, and the victim's size should not depend on how much its
     * variant's warm-up allocated (see RecoverySection).
     */
    static final String RECOVERY_YOUNG_GENERATION = "-Xmn8m";

    List<String> argv(int id, Path dir, Path lock, String mode) {
        List<String> argv = new ArrayList<>(command);
        if (mode.equals("recover") && runtime.equals("JVM")) {
            argv.add(1, RECOVERY_YOUNG_GENERATION); // after "java"
        }
        argv.addAll(List.of(Integer.toString(id), dir.toString(), lock.toString(), mode));
        return argv;
    }
}
