package dev.fslock.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A list of TLC models and their expected results: {@code spec/manifest.tsv} (run by every
 * {@code mvn test}) and {@code spec/manifest-extended.tsv} ({@code -Pextended}).
 *
 * <p>Format: tab-separated, one model per line,
 * {@code module<TAB>config<TAB>expected<TAB>options<TAB>distinct<TAB>depth}. The first line that is
 * not blank and not a {@code #} comment is the header (it starts with {@code module}). {@code expected}
 * is {@code pass} or {@code violates NAME}; {@code options} are extra TLC options, whitespace-separated,
 * with paths relative to {@code spec/}; it may be empty. {@code distinct} and {@code depth} are what
 * TLC must report again (the distinct states found, the depth of the search): see
 * {@link RecordedCount} for their values and {@link #countsApply}, {@link #depthRequired} for where
 * they must be recorded.
 */
record Manifest(Path file, List<Entry> entries) {

    /** One model: TLC checks {@code module} with {@code config}. */
    record Entry(String module, String config, Expectation expected, List<String> options,
                 RecordedCount distinct, RecordedCount depth, int line) {
        /** The model's name: the config file's name without ".cfg" (unique in a manifest). */
        String name() {
            return config.endsWith(".cfg") ? config.substring(0, config.length() - 4) : config;
        }

        /** TLC's -workers from the options, if they set it. */
        boolean setsWorkers() {
            return options.contains("-workers");
        }

        /** The options say {@code -workers 1}: breadth-first search in one order, the same on every run. */
        boolean oneWorker() {
            int i = options.indexOf("-workers");
            return i >= 0 && i + 1 < options.size() && options.get(i + 1).equals("1");
        }

        /** TLC runs a random simulation, not an exhaustive search. */
        boolean simulates() {
            return options.contains("-simulate");
        }

        /**
         * TLC's count of distinct states is the same on every run, so the row must record it: an
         * exhaustive search that passes (it explores every state), or one that stops at a violation
         * with one worker. (With several workers, TLC stops after a varying number of states.)
         */
        boolean countsApply() {
            return !simulates() && (expected.isPass() || oneWorker());
        }

        /**
         * The config declares a SYMMETRY. Where the symmetry is not exact for the model, which state
         * stands for a class of permuted states, and with it the count, depends on more than the
         * spec's meaning: MCFsLockFenced found 459,056 distinct states on main and 475,666 (in two runs)
         * once definitions that no step uses were added to FsLock.tla (probably because TLC orders
         * strings by their first appearance in the parsed text).
         */
        boolean usesSymmetry() {
            Path cfg = Tlc.specDir().resolve(config);
            if (!Files.isRegularFile(cfg)) {
                return false;
            }
            try {
                return Files.readAllLines(cfg).stream().anyMatch(l -> l.strip().startsWith("SYMMETRY"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + cfg, e);
            }
        }

        /**
         * The row must record its count: it is the same on every run ({@link #countsApply}) and the
         * model has no symmetry that could make it vary. A row with a SYMMETRY may record {@code -}; a
         * number it records is compared all the same.
         */
        boolean countRequired() {
            return countsApply() && !usesSymmetry() && !violatesAProperty();
        }

        /**
         * The row expects a violated PROPERTY of its config. A violated liveness property is found by
         * TLC's liveness check, which runs at intervals of time, so the number of states at which the
         * search stops varies from run to run (MCFsLockStrangersWaited: 13,726, 8,709 and 8,017), and
         * TLC prints no depth for it: such a row may write '-' for both. Action properties are checked
         * on every step and keep exact numbers, which the row may still record (they are compared).
         */
        boolean violatesAProperty() {
            return !expected.isPass()
                    && Tlc.checkedProperties(Tlc.specDir().resolve(config)).contains(expected.violated());
        }

        /**
         * The depth must be recorded: with one worker it is the same on every run (for a violation, the
         * length of the shortest counterexample). With several workers the depth of a passing search
         * may vary; such a row records it only where it cannot (an inductiveness check: 1).
         */
        boolean depthRequired() {
            return countsApply() && oneWorker();
        }
    }

    static final String HEADER = "module\tconfig\texpected\toptions\tdistinct\tdepth";

    static Manifest read(Path file) {
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLC manifest " + file, e);
        }
    }

    static Manifest parse(Path file, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        boolean header = false;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + n + ": ";
            if (!header) {
                if (!line.startsWith("module")) {
                    throw new IllegalArgumentException(where + "the first line must be the header '"
                            + HEADER.replace("\t", "<TAB>") + "'");
                }
                header = true;
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length < 3 || cols.length > 6) {
                throw new IllegalArgumentException(where + "expected 3 to 6 tab-separated columns, got "
                        + cols.length + ": " + line);
            }
            String module = cols[0].strip();
            String config = cols[1].strip();
            if (module.isEmpty() || config.isEmpty() || !config.endsWith(".cfg")) {
                throw new IllegalArgumentException(where + "need a module and a .cfg file: " + line);
            }
            Expectation expected;
            try {
                expected = Expectation.parse(cols[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            List<String> options = cols.length >= 4 && !cols[3].isBlank()
                    ? List.of(cols[3].strip().split("\\s+")) : List.of();
            RecordedCount distinct;
            RecordedCount depth;
            try {
                distinct = cols.length >= 5 ? RecordedCount.parse(cols[4]) : RecordedCount.ABSENT;
                depth = cols.length >= 6 ? RecordedCount.parse(cols[5]) : RecordedCount.ABSENT;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "distinct/depth: " + e.getMessage(), e);
            }
            Entry e = new Entry(module, config, expected, options, distinct, depth, n);
            if (entries.stream().anyMatch(x -> x.name().equals(e.name()))) {
                throw new IllegalArgumentException(where + "model " + e.name() + " is listed twice");
            }
            entries.add(e);
        }
        if (!header) {
            throw new IllegalArgumentException(file + ": no header line");
        }
        return new Manifest(file, Collections.unmodifiableList(entries));
    }

    /** The entries named in {@code only} (comma-separated model or module names); all if blank. */
    List<Entry> select(String only) {
        if (only == null || only.isBlank()) {
            return entries;
        }
        List<String> wanted = Arrays.stream(only.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<Entry> out = entries.stream()
                .filter(e -> wanted.contains(e.name()) || wanted.contains(e.module()))
                .toList();
        List<String> unknown = wanted.stream()
                .filter(w -> entries.stream().noneMatch(e -> e.name().equals(w) || e.module().equals(w)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not in " + file + ": " + unknown + " (models: "
                    + entries.stream().map(Entry::name).toList() + ")");
        }
        return out;
    }
}
