package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/counterexamples.md shows, for each seed protocol, the counterexample TLC finds now: this test
 * regenerates every generated section from TLC and compares. With
 * {@code -Dfslock.docs.update=true} (what {@code spec/tlc --docs} passes) it rewrites them instead.
 */
class CounterexampleDocsTest {

    /** Every seed protocol has its diagram. */
    static final List<String> REQUIRED = List.of("MCSeedUnlink", "MCSeedRenameSteal", "MCSeedAgeStale", "MCSeedInodeCheck");

    @Test
    void committedDiagramsAreWhatTlcFindsNow() throws IOException {
        Path doc = Tlc.projectDir().resolve(CounterexampleDocs.DOC);
        String committed = Files.readString(doc, StandardCharsets.UTF_8);
        List<String> names = CounterexampleDocs.sectionNames(committed);
        assertTrue(names.containsAll(REQUIRED), doc + " must have generated sections for " + REQUIRED + "; has " + names);

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
}
