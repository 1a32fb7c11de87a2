package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The judge of TLC runs, on canned outputs of TLC 2.18 (src/test/resources/dev/fslock/spec/tlc-output):
 * it must accept exactly the expected result, and reject parse errors, other violations, a missing
 * violation, and an exit code that does not match the output.
 */
class TlcOutputTest {

    static TlcOutput canned(String name, int exitCode) {
        try (InputStream in = TlcOutputTest.class.getResourceAsStream("tlc-output/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no canned output " + name);
            }
            return new TlcOutput(exitCode, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final TlcOutput PASS = canned("pass-MCFsLockUnknown.out", 0);
    static final TlcOutput SAFETY = canned("invariant-MCSeedAgeStale.out", 12);
    static final TlcOutput PARSE_ERROR = canned("parse-error.out", 150);
    static final TlcOutput CONFIG_ERROR = canned("config-error.out", 151);
    static final TlcOutput ACTION_PROPERTY = canned("action-property.out", 13);
    static final TlcOutput TEMPORAL = canned("temporal.out", 13);
    static final TlcOutput DEADLOCK = canned("deadlock.out", 11);

    static final Expectation MUTEX = Expectation.violates("MutualExclusion");

    @Test
    void readsTheStatistics() {
        assertEquals(514369, PASS.statesGenerated().getAsLong());
        assertEquals(238527, PASS.distinctStates().getAsLong());
        assertEquals(58, PASS.depth().getAsInt());
        assertTrue(PASS.noErrorFound());
        assertEquals(215, SAFETY.statesGenerated().getAsLong());
        assertEquals(122, SAFETY.distinctStates().getAsLong());
        assertEquals(7, SAFETY.depth().getAsInt());
        assertEquals(List.of("MutualExclusion"), SAFETY.violatedInvariants());
        assertFalse(TEMPORAL.depth().isPresent(), "TLC prints no depth after a liveness counterexample");
    }

    @Test
    void passIsExitZeroAndNoError() {
        assertTrue(PASS.judge(Expectation.pass(), Set.of()).ok());
    }

    @Test
    void passWithAnotherExitCodeIsAFailure() {
        TlcOutput crashedAfterwards = new TlcOutput(255, PASS.text());
        assertFalse(crashedAfterwards.judge(Expectation.pass(), Set.of()).ok());
    }

    @Test
    void expectedViolationIsExit12NamingTheInvariant() {
        assertTrue(SAFETY.judge(MUTEX, Set.of()).ok());
    }

    @Test
    void aViolationOfAnotherInvariantIsAFailure() {
        TlcOutput.Verdict v = SAFETY.judge(Expectation.violates("TypeOK"), Set.of());
        assertFalse(v.ok());
        assertTrue(v.message().contains("MutualExclusion"), v.message());
    }

    @Test
    void anUnexpectedViolationIsAFailure() {
        assertFalse(SAFETY.judge(Expectation.pass(), Set.of()).ok());
    }

    @Test
    void aModelThatPassesFailsAnExpectedViolation() {
        TlcOutput.Verdict v = PASS.judge(MUTEX, Set.of());
        assertFalse(v.ok());
        assertTrue(v.message().startsWith("expected violation not found"), v.message());
    }

    @Test
    void theViolationMessageWithoutItsExitCodeIsAFailure() {
        assertFalse(new TlcOutput(0, SAFETY.text()).judge(MUTEX, Set.of()).ok());
        assertFalse(new TlcOutput(13, SAFETY.text()).judge(MUTEX, Set.of()).ok());
        assertFalse(new TlcOutput(150, SAFETY.text()).judge(MUTEX, Set.of()).ok());
    }

    @Test
    void theExitCodeWithoutTheViolationMessageIsAFailure() {
        assertFalse(new TlcOutput(12, PASS.text()).judge(MUTEX, Set.of()).ok());
        assertFalse(new TlcOutput(12, "").judge(MUTEX, Set.of()).ok());
    }

    @Test
    void aParseErrorIsNeverAnExpectedResult() {
        for (Expectation e : List.of(Expectation.pass(), MUTEX)) {
            TlcOutput.Verdict v = PARSE_ERROR.judge(e, Set.of());
            assertFalse(v.ok());
            assertTrue(v.message().contains("150 (parse or semantic error"), v.message());
            assertTrue(v.message().contains("Could not find declaration or definition of symbol"), v.message());
        }
    }

    @Test
    void aConfigurationErrorIsNeverAnExpectedResult() {
        TlcOutput.Verdict v = CONFIG_ERROR.judge(Expectation.violates("Nope"), Set.of());
        assertFalse(v.ok());
        assertTrue(v.message().contains("The invariant Nope specified in the configuration file"), v.message());
    }

    @Test
    void aDeadlockIsNeverAnExpectedResult() {
        assertFalse(DEADLOCK.judge(Expectation.pass(), Set.of()).ok());
        assertFalse(DEADLOCK.judge(MUTEX, Set.of()).ok());
    }

    @Test
    void anActionPropertyIsNamedByTlc() {
        assertTrue(ACTION_PROPERTY.judge(Expectation.violates("Grows"), Set.of("Grows")).ok());
        assertFalse(ACTION_PROPERTY.judge(Expectation.violates("Other"), Set.of("Grows")).ok());
        assertFalse(new TlcOutput(12, ACTION_PROPERTY.text()).judge(Expectation.violates("Grows"), Set.of()).ok());
    }

    @Test
    void aLivenessViolationCountsOnlyWhenTheModelChecksThatPropertyAlone() {
        assertTrue(TEMPORAL.judge(Expectation.violates("Reaches"), Set.of("Reaches")).ok());
        assertFalse(TEMPORAL.judge(Expectation.violates("Reaches"), Set.of("Reaches", "Other")).ok());
        assertFalse(TEMPORAL.judge(Expectation.violates("Other"), Set.of("Reaches")).ok());
        assertFalse(TEMPORAL.judge(Expectation.pass(), Set.of("Reaches")).ok());
    }
}
