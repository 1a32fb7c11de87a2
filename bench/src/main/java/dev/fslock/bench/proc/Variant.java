package dev.fslock.bench.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A lock implementation and how to start one of its worker processes. */
record Variant(String name, String label, String runtime, List<String> command, int recoveryKills) {
    List<String> argv(int id, Path dir, Path lock, String mode) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(Integer.toString(id), dir.toString(), lock.toString(), mode));
        return argv;
    }
}
