package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/counterexamples.md shows, for each seed protocol, the counterexample TLC finds now, and
 * docs/zookeeper-spec.md the paused ZooKeeper client's: this test regenerates every generated section
 * from TLC and compares. With {@code -Dfslock.docs.update=true} (what {@code spec/tlc --docs} passes) it
 * rewrites them instead.
 */
class CounterexampleDocsTest {

    /**
     * The diagrams each document must have: every seed protocol's and every class of the catalog
     * refuted in a seed model, and the paused ZooKeeper client's.
     */
    static final Map<Path, List<String>> REQUIRED = Map.of(
            CounterexampleDocs.DOCS.get(0), List.of("MCSeedUnlink", "MCSeedRenameSteal", "MCSeedAgeStale", "MCSeedInodeCheck",
                    "MCSeedEmptyStale", "MCSeedReentrant", "MCSeedPidNamespace"),
            CounterexampleDocs.DOCS.get(1), List.of("MCZkLockPaused"));

    @ParameterizedTest
    @MethodSource("docs")
    void committedDiagramsAreWhatTlcFindsNow(Path relative) throws IOException {
        Path doc = Tlc.projectDir().resolve(relative);
        String committed = Files.readString(doc, StandardCharsets.UTF_8);
        List<String> names = CounterexampleDocs.sectionNames(committed);
        List<String> required = REQUIRED.getOrDefault(relative, List.of());
        assertTrue(names.containsAll(required), doc + " must have generated sections for " + required + "; has " + names);

        if (Boolean.getBoolean("fslock.docs.update")) {
            List<String> changed = CounterexampleDocs.update(doc);
            System.out.println("[docs] " + doc + (changed.isEmpty() ? ": up to date" : ": rewrote " + changed));
            return;
        }
        Map<String, String> want = CounterexampleDocs.sections(CounterexampleDocs.regenerate(committed));
        Map<String, String> have = CounterexampleDocs.sections(committed);
        for (String name : names) {
            assertEquals(want.get(name), have.get(name), doc + ": the generated section " + name
                    + " is not what TLC finds now; run spec/tlc --docs and review the diff (and the prose around it)");
        }
    }

    static Stream<Path> docs() {
        return CounterexampleDocs.DOCS.stream();
    }
}
