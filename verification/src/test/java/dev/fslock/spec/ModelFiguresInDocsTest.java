package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tables written for people show the manifests' figures: a Markdown table row in docs/*.md,
 * spec/README.md or README.md that names a model of a manifest (a cell that is its name, perhaps in
 * backticks, perhaps followed by a note such as " (extended)") and has a "distinct states" or a
 * "depth" column shows the number the manifest records, which SpecModelsTest compares with TLC's. Where
 * the manifest records no number ({@code -}: it varies from run to run; {@code ?}: not run on the
 * current spec), the table shows none either, so that a figure from an older spec cannot stay behind.
 */
class ModelFiguresInDocsTest {

    private static final Pattern MODEL_CELL = Pattern.compile("\\**`?([A-Za-z][A-Za-z0-9_]*)`?\\**(\\s.*)?");
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*");
    /**
     * docs/counterexamples.md's form, in a column headed "..., distinct states, steps": "`MODEL`:
     * PROPERTY, DISTINCT, STEPS", where the steps of a counterexample are its depth less the initial state.
     */
    private static final Pattern MODEL_PROPERTY_DISTINCT_STEPS =
            Pattern.compile("`([A-Za-z][A-Za-z0-9_]*)`: [A-Za-z]+, (\\d[\\d,]*), (\\d+)");

    /** What the check found in one document: the rows it compared and the figures that differ. */
    record Findings(int checkedRows, List<String> problems) {}

    @Test
    void everyTableShowsTheManifestsFigures() throws IOException {
        Map<String, Manifest.Entry> models = models();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (Path doc : documents()) {
            String name = Tlc.projectDir().relativize(doc).toString();
            Findings f = check(name, Files.readString(doc), models);
            problems.addAll(f.problems());
            checked.put(name, f.checkedRows());
        }
        // The tables these documents are known to have: a parser that stops finding them must not pass.
        for (String doc : List.of("docs/verification.md", "docs/protocol.md", "docs/zookeeper-spec.md", "spec/README.md",
                "docs/counterexamples.md")) {
            assertTrue(checked.getOrDefault(doc, 0) > 0, doc + ": no table row naming a manifest model was checked "
                    + "(rows checked per document: " + checked + ")");
        }
        assertTrue(problems.isEmpty(), problems.size() + " table figure(s) differ from spec/manifest.tsv and "
                + "spec/manifest-extended.tsv (write the manifest's number; where it records '-' or '?', write '-'):\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void findsAWrongCountAWrongDepthAndAFigureWhereNoneApplies() {
        Map<String, Manifest.Entry> models = Map.of(
                "MCA", entry("MCA", "345961", "-"),
                "MCB", entry("MCB", "2495", "14"),
                "MCC", entry("MCC", "-", "-"),
                "MCD", entry("MCD", "?", "-"));
        String doc = """
                Text | not a table

                | Model | what \\| why | Distinct states | Depth | time |
                |---|---|---:|---:|---|
                | MCA | x | 345,961 | - | 5 s |
                | `MCA` (extended) | x | 158,438 | 51 | 5 s |
                | **`MCB`** | x | 2,495 | 14 | 1 s |
                | MCB * | x | 2,495 | 13 | 1 s |
                | MCC | x | - | - | |
                | MCC | x | 4,399 | | |
                | MCD | x | not run on this spec | | |
                | MCD | x | 914,187 | 51 | |
                | as MCB | x | 1 | 1 | |
                | MCUnknownModel | x | 1 | 1 | |

                ```
                | MCA | x | 1 | 1 | 1 |
                |---|---|---|---|---|
                ```
                | model | time |
                |---|---|
                | MCA | 1 |

                | # | TLC: model, violated property, distinct states, steps |
                |---|---|
                | 1 | `MCB`: MutualExclusion, 2,495, 13 (and `MCA`: by age, 7) |
                | 2 | `MCB`: MutualExclusion, 2,496, 14 |
                """;
        Findings f = check("doc.md", doc, models);
        assertEquals(10, f.checkedRows(), f.toString());
        assertEquals(List.of(
                "doc.md:6: MCA: distinct states 158,438, the manifest says 345961",
                "doc.md:6: MCA: depth 51, the manifest says -",
                "doc.md:8: MCB: depth 13, the manifest says 14",
                "doc.md:10: MCC: distinct states 4,399, the manifest says -",
                "doc.md:12: MCD: distinct states 914,187, the manifest says ?",
                "doc.md:12: MCD: depth 51, the manifest says -",
                "doc.md:27: MCB: distinct states 2,496, the manifest says 2495",
                "doc.md:27: MCB: steps (depth - 1) 14, the manifest says 13"), f.problems());
    }

    /** Every model of either manifest by name (the extended one has every default row, ManifestTest). */
    static Map<String, Manifest.Entry> models() {
        Map<String, Manifest.Entry> models = new LinkedHashMap<>();
        for (Manifest m : List.of(ManifestTest.EXTENDED, ManifestTest.DEFAULT)) {
            m.entries().forEach(e -> models.putIfAbsent(e.name(), e));
        }
        return models;
    }

    static List<Path> documents() throws IOException {
        Path root = Tlc.projectDir();
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        docs.add(root.resolve("spec").resolve("README.md"));
        docs.add(root.resolve("README.md"));
        return docs;
    }

    static Findings check(String docName, String markdown, Map<String, Manifest.Entry> models) {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (MarkdownTables.Table t : MarkdownTables.parse(markdown)) {
            int distinct = t.column("distinct states");
            int depth = t.column("depth");
            int inline = columnEndingWith(t, "distinct states, steps");
            if (inline >= 0) {
                checked += checkInline(docName, t, inline, models, problems);
            }
            if (distinct < 0 && depth < 0) {
                continue;
            }
            for (MarkdownTables.Row row : t.rows()) {
                Manifest.Entry e = namedModel(row, models);
                if (e == null) {
                    continue;
                }
                checked++;
                String where = docName + ":" + row.line() + ": " + e.name() + ": ";
                compare(row.cell(distinct), e.distinct(), where + "distinct states", problems);
                compare(row.cell(depth), e.depth(), where + "depth", problems);
            }
        }
        return new Findings(checked, problems);
    }

    private static int columnEndingWith(MarkdownTables.Table t, String suffix) {
        for (int i = 0; i < t.header().size(); i++) {
            if (t.header().get(i).toLowerCase().endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    /** Checks every "`MODEL`: PROPERTY, DISTINCT, STEPS" of the column; returns how many it checked. */
    private static int checkInline(String docName, MarkdownTables.Table t, int column,
                                   Map<String, Manifest.Entry> models, List<String> problems) {
        int checked = 0;
        for (MarkdownTables.Row row : t.rows()) {
            Matcher m = MODEL_PROPERTY_DISTINCT_STEPS.matcher(row.cell(column));
            while (m.find()) {
                Manifest.Entry e = models.get(m.group(1));
                if (e == null) {
                    continue;
                }
                checked++;
                String where = docName + ":" + row.line() + ": " + e.name() + ": ";
                compare(m.group(2), e.distinct(), where + "distinct states", problems);
                RecordedCount steps = e.depth().isNumber() ? RecordedCount.of(e.depth().value() - 1) : e.depth();
                compare(m.group(3), steps, where + "steps (depth - 1)", problems);
            }
        }
        return checked;
    }

    /** The model of the row's first cell that names one (its name, perhaps in backticks, then a note). */
    private static Manifest.Entry namedModel(MarkdownTables.Row row, Map<String, Manifest.Entry> models) {
        for (String cell : row.cells()) {
            Matcher m = MODEL_CELL.matcher(cell);
            if (m.matches() && models.containsKey(m.group(1))) {
                return models.get(m.group(1));
            }
        }
        return null;
    }

    /**
     * A cell may leave the figure out (a note instead), but a number it shows is the manifest's; where
     * the manifest has none ({@code -}, {@code ?}), it shows none.
     */
    private static void compare(String cell, RecordedCount recorded, String what, List<String> problems) {
        Matcher m = NUMBER.matcher(cell);
        if (!m.find()) {
            return;
        }
        String shown = m.group();
        boolean same = recorded.isNumber() && Long.parseLong(shown.replace(",", "")) == recorded.value();
        if (!same) {
            problems.add(what + " " + shown + ", the manifest says " + recorded);
        }
    }

    private static Manifest.Entry entry(String name, String distinct, String depth) {
        return new Manifest.Entry("M", name + ".cfg", Expectation.parse("pass"), List.of(),
                RecordedCount.parse(distinct), RecordedCount.parse(depth), 1);
    }
}
