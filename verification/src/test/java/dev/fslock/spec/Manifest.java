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
 * <p>Format: tab-separated, one model per line, {@code module<TAB>config<TAB>expected<TAB>options}.
 * The first line that is not blank and not a {@code #} comment is the header (it starts with
 * {@code module}). {@code expected} is {@code pass} or {@code violates NAME}; {@code options} are
 * extra TLC options, whitespace-separated, with paths relative to {@code spec/}; it may be empty.
 */
record Manifest(Path file, List<Entry> entries) {

    /** One model: TLC checks {@code module} with {@code config}. */
    record Entry(String module, String config, Expectation expected, List<String> options, int line) {
        /** The model's name: the config file's name without ".cfg" (unique in a manifest). */
        String name() {
            return config.endsWith(".cfg") ? config.substring(0, config.length() - 4) : config;
        }

        /** TLC's -workers from the options, if they set it. */
        boolean setsWorkers() {
            return options.contains("-workers");
        }
    }

    static final String HEADER = "module\tconfig\texpected\toptions";

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
            if (cols.length < 3 || cols.length > 4) {
                throw new IllegalArgumentException(where + "expected 3 or 4 tab-separated columns, got "
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
            List<String> options = cols.length == 4 && !cols[3].isBlank()
                    ? List.of(cols[3].strip().split("\\s+")) : List.of();
            Entry e = new Entry(module, config, expected, options, n);
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
