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

    List<String> argv(int id, Path dir, Path lock, String mode) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(Integer.toString(id), dir.toString(), lock.toString(), mode));
        return argv;
    }
}
