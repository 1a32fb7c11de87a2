package dev.fslock.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the generated sections of {@code docs/counterexamples.md} and {@code docs/zookeeper-spec.md}
 * ({@link #DOCS}): for each pair of markers
 * <pre>
 *   &lt;!-- BEGIN GENERATED: MCSeedRenameSteal --&gt;
 *   ...
 *   &lt;!-- END GENERATED --&gt;
 * </pre>
 * it runs the model of that name from {@code spec/manifest.tsv} with one TLC worker (breadth-first
 * search with one worker finds the shortest counterexample, and the same one on every run), and puts
 * the trace between the markers as a Mermaid sequence diagram ({@link MermaidSequence}).
 *
 * <p>Run {@code spec/tlc --docs} (or this class's {@code main} from the project directory) after a
 * change to a seed spec; {@link CounterexampleDocsTest} fails while the committed diagrams differ from
 * what TLC produces now.
 */
final class CounterexampleDocs {

    /** The documents with generated diagrams. */
    static final List<Path> DOCS = List.of(Path.of("docs", "counterexamples.md"), Path.of("docs", "zookeeper-spec.md"));
    /** What the processes of a module call, when it is not the filesystem. */
    private static final Map<String, String> SERVICES = Map.of("ZkLock", "ZooKeeper");
    /** Invariants that say no two processes are inside: the diagram must show two inside. */
    private static final Set<String> EXCLUSION = Set.of("MutualExclusion", "BelievedMutualExclusion");
    static final Pattern SECTION = Pattern.compile(
            "(<!-- BEGIN GENERATED: (\\w+) -->\\n)(.*?)(<!-- END GENERATED -->)", Pattern.DOTALL);
    private static final Pattern HOLD_STATES = Pattern.compile("^HoldStates\\s*==\\s*\\{([^}]*)}", Pattern.MULTILINE);
    private static final Pattern EXTENDS = Pattern.compile("^EXTENDS\\s+([\\w, ]+)$", Pattern.MULTILINE);

    private CounterexampleDocs() {}

    public static void main(String[] args) {
        for (Path d : DOCS) {
            Path doc = Tlc.projectDir().resolve(d);
            List<String> changed = update(doc);
            System.out.println(changed.isEmpty()
                    ? doc + ": up to date"
                    : doc + ": rewrote " + changed);
        }
    }

    /** The default manifest: the models whose traces the doc shows. */
    static Manifest manifest() {
        return Manifest.read(Tlc.specDir().resolve("manifest.tsv"));
    }

    /** The names in the doc's BEGIN GENERATED markers, in order. */
    static List<String> sectionNames(String doc) {
        List<String> out = new ArrayList<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    /** {@code doc} with every generated section as TLC produces it now. */
    static String regenerate(String doc) {
        Manifest manifest = manifest();
        Matcher m = SECTION.matcher(doc);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Manifest.Entry entry = manifest.select(m.group(2)).get(0);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + section(entry) + m.group(4)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Rewrites the generated sections of {@code doc}; returns the names of those that changed. */
    static List<String> update(Path doc) {
        try {
            String before = Files.readString(doc, StandardCharsets.UTF_8);
            String after = regenerate(before);
            Map<String, String> old = sections(before);
            Map<String, String> now = sections(after);
            List<String> changed = now.keySet().stream().filter(k -> !now.get(k).equals(old.get(k))).toList();
            if (!after.equals(before)) {
                Files.writeString(doc, after, StandardCharsets.UTF_8);
            }
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + doc, e);
        }
    }

    /** Section name -> its generated text. */
    static Map<String, String> sections(String doc) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) {
            out.put(m.group(2), m.group(3));
        }
        return out;
    }

    /** The text between the markers for one model: TLC's counterexample as a sequence diagram. */
    static String section(Manifest.Entry entry) {
        if (entry.expected().isPass()) {
            throw new IllegalArgumentException(entry.name() + " is expected to pass: it has no counterexample");
        }
        List<String> opts = entry.options();
        int w = opts.indexOf("-workers");
        if (w >= 0 && (w + 1 >= opts.size() || !opts.get(w + 1).equals("1"))) {
            throw new IllegalStateException(entry.name() + ": the docs need a one-worker run, but manifest line "
                    + entry.line() + " sets other -workers");
        }
        Tlc.Run run = Tlc.run(entry, 1);
        TlcOutput out = run.output();
        Path config = Tlc.specDir().resolve(entry.config());
        TlcOutput.Verdict verdict = out.judge(entry.expected(), Tlc.checkedProperties(config));
        if (!verdict.ok()) {
            throw new IllegalStateException(entry.name() + ": " + verdict.message() + " (TLC output: " + run.log() + ")");
        }
        TlcTrace trace = TlcTrace.parse(out.text());
        Set<String> hold = holdStates(Tlc.specDir().resolve(entry.module() + ".tla"));
        String violated = entry.expected().violated();
        if (EXCLUSION.contains(violated) && MermaidSequence.inside(trace.last(), hold).size() < 2) {
            throw new IllegalStateException(entry.name() + ": " + violated + " is violated, but fewer than two "
                    + "processes are inside by HoldStates " + hold + ": does the spec's Inside still match?");
        }
        int steps = trace.realStates().size() - 1;
        return "<!-- Generated by CounterexampleDocs from TLC's trace of spec/" + entry.config()
                + " (one worker: the shortest counterexample). Do not edit; run spec/tlc --docs. -->\n"
                + "```mermaid\n"
                + MermaidSequence.render(trace, hold, violated, SERVICES.getOrDefault(entry.module(), "filesystem"))
                + "```\n"
                + "\n"
                + "*" + steps + " steps; TLC: " + violated + " is violated in state "
                + (steps + 1) + ".*\n";
    }

    /**
     * The spec's {@code HoldStates == {"a", "b"}}: the pc values in which a live process is inside;
     * looked up in the modules {@code tla} EXTENDS (those in spec/) if it does not define it.
     */
    static Set<String> holdStates(Path tla) {
        try {
            String text = Files.readString(tla, StandardCharsets.UTF_8);
            Matcher m = HOLD_STATES.matcher(text);
            if (!m.find()) {
                Matcher ext = EXTENDS.matcher(text);
                if (ext.find()) {
                    for (String module : ext.group(1).split(",")) {
                        Path parent = tla.resolveSibling(module.strip() + ".tla");
                        if (Files.exists(parent)) {
                            return holdStates(parent);
                        }
                    }
                }
                throw new IllegalArgumentException(tla + " defines no HoldStates == {...}");
            }
            Set<String> out = new LinkedHashSet<>();
            Arrays.stream(m.group(1).split(","))
                    .map(String::strip)
                    .map(s -> s.replaceAll("^\"|\"$", ""))
                    .filter(s -> !s.isEmpty())
                    .forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tla, e);
        }
    }
}
