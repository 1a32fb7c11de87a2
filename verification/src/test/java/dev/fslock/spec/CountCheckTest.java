package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison of a manifest row's recorded counts with TLC's, on canned outputs: a changed count
 * fails with the number to write, a missing one fails where it is the same on every run, a placeholder
 * passes with a note.
 */
class CountCheckTest {

    static final Path MANIFEST = Path.of("spec/manifest.tsv");
    static final TlcOutput PASS = TlcOutputTest.PASS;      // 238527 distinct states, depth 58
    static final TlcOutput SAFETY = TlcOutputTest.SAFETY;  // 122 distinct states, depth 7, one worker

    static Manifest.Entry pass(RecordedCount distinct, RecordedCount depth) {
        return new Manifest.Entry("FsLock", "MCFsLockUnknown.cfg", Expectation.pass(), List.of(), distinct, depth, 3);
    }

    static Manifest.Entry violation(List<String> options, RecordedCount distinct, RecordedCount depth) {
        return new Manifest.Entry("SeedAgeStale", "MCSeedAgeStale.cfg", Expectation.violates("MutualExclusion"),
                options, distinct, depth, 7);
    }

    @Test
    void theRecordedCountsPass() {
        assertTrue(CountCheck.check(MANIFEST, pass(RecordedCount.of(238527), RecordedCount.NOT_APPLICABLE), PASS).ok());
        assertTrue(CountCheck.check(MANIFEST, pass(RecordedCount.of(238527), RecordedCount.of(58)), PASS).ok());
        assertTrue(CountCheck.check(MANIFEST, violation(List.of("-workers", "1"), RecordedCount.of(122),
                RecordedCount.of(7)), SAFETY).ok());
    }

    @Test
    void aChangedDistinctCountFailsAndSaysWhatToWrite() {
        TlcOutput.Verdict v = CountCheck.check(MANIFEST, pass(RecordedCount.of(238528), RecordedCount.NOT_APPLICABLE), PASS);
        assertFalse(v.ok());
        assertTrue(v.message().contains("TLC reports distinct states 238,527, but spec/manifest.tsv line 3 records 238,528"),
                v.message());
        assertTrue(v.message().contains("write 238527 in the 'distinct' column"), v.message());
    }

    @Test
    void aModelThatShrankFails() {
        assertFalse(CountCheck.check(MANIFEST, pass(RecordedCount.of(1_000_000), RecordedCount.NOT_APPLICABLE), PASS).ok());
    }

    @Test
    void aChangedDepthFails() {
        TlcOutput.Verdict v = CountCheck.check(MANIFEST, violation(List.of("-workers", "1"), RecordedCount.of(122),
                RecordedCount.of(8)), SAFETY);
        assertFalse(v.ok());
        assertTrue(v.message().contains("write 7 in the 'depth' column"), v.message());
    }

    @Test
    void aMissingCountFailsWhereItIsTheSameOnEveryRun() {
        TlcOutput.Verdict v = CountCheck.check(MANIFEST, pass(RecordedCount.ABSENT, RecordedCount.ABSENT), PASS);
        assertFalse(v.ok());
        assertTrue(v.message().contains("records no distinct states"), v.message());
        assertTrue(v.message().contains("write 238527 there"), v.message());
        assertFalse(CountCheck.check(MANIFEST, violation(List.of("-workers", "1"), RecordedCount.of(122),
                RecordedCount.NOT_APPLICABLE), SAFETY).ok(), "one worker: the depth must be recorded");
    }

    @Test
    void noDepthIsNeededWhereTlcPrintsNone() {
        TlcOutput noDepth = new TlcOutput(13, "Error: Temporal properties were violated.\n"
                + "13726 states generated, 13726 distinct states found, 0 states left on queue.\n");
        assertTrue(noDepth.depth().isEmpty());
        assertTrue(CountCheck.check(MANIFEST, violation(List.of("-workers", "1"), RecordedCount.of(13726),
                RecordedCount.NOT_APPLICABLE), noDepth).ok());
        assertFalse(CountCheck.check(MANIFEST, violation(List.of("-workers", "1"), RecordedCount.of(13725),
                RecordedCount.NOT_APPLICABLE), noDepth).ok(), "the distinct states are still compared");
    }

    @Test
    void aModelWithSymmetryMayLeaveItsCountOutButARecordedOneIsCompared() {
        Manifest.Entry fenced = new Manifest.Entry("FsLockFenced", "MCFsLockFenced.cfg", Expectation.pass(), List.of(),
                RecordedCount.NOT_APPLICABLE, RecordedCount.NOT_APPLICABLE, 28);
        assertTrue(fenced.usesSymmetry());
        assertTrue(CountCheck.check(MANIFEST, fenced, PASS).ok());
        Manifest.Entry recorded = new Manifest.Entry("FsLockFenced", "MCFsLockFenced.cfg", Expectation.pass(),
                List.of(), RecordedCount.of(238528), RecordedCount.NOT_APPLICABLE, 28);
        assertFalse(CountCheck.check(MANIFEST, recorded, PASS).ok());
        assertFalse(pass(RecordedCount.NOT_APPLICABLE, RecordedCount.NOT_APPLICABLE).usesSymmetry());
    }

    @Test
    void noCountIsNeededWhereItVaries() {
        assertTrue(CountCheck.check(MANIFEST, violation(List.of(), RecordedCount.NOT_APPLICABLE,
                RecordedCount.NOT_APPLICABLE), SAFETY).ok());
        assertTrue(CountCheck.check(MANIFEST, violation(List.of("-simulate"), RecordedCount.NOT_APPLICABLE,
                RecordedCount.NOT_APPLICABLE), SAFETY).ok());
    }

    @Test
    void aPlaceholderPassesWithTlcsNumber() {
        TlcOutput.Verdict v = CountCheck.check(MANIFEST, pass(RecordedCount.NOT_RECORDED, RecordedCount.NOT_RECORDED), PASS);
        assertTrue(v.ok());
        assertTrue(v.message().contains("distinct states not recorded ('?'); TLC reports 238,527"), v.message());
    }
}
