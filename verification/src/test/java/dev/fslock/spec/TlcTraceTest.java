package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading TLC's values and error traces. */
class TlcTraceTest {

    @Test
    void parsesTheValuesTlcPrints() {
        TlcValue v = TlcValue.parse("<<p1, \"rename\", <<<<\"P\", \"B.p2\">>, [pid |-> p1, n |-> -3, ok |-> TRUE]>>>>");
        assertEquals("(p1, rename, ((P, B.p2), {pid: p1, n: -3, ok: TRUE}))", v.display());
        TlcValue f = TlcValue.parse("(p1 :> {} @@ p2 :> {<<p1, \"main\", 1>>})");
        assertEquals(new TlcValue.SetOf(List.of()), ((TlcValue.Fcn) f).apply(new TlcValue.ModelValue("p1")));
        assertEquals("say \"hi\"\\", ((TlcValue.Str) TlcValue.parse("\"say \\\"hi\\\"\\\\\"")).value());
        assertEquals(new TlcValue.Tuple(List.of()), TlcValue.parse("<< >>"));
        assertThrows(IllegalArgumentException.class, () -> TlcValue.parse("<<1, 2"));
        assertThrows(IllegalArgumentException.class, () -> TlcValue.parse("1 2"));
    }

    @Test
    void readsEachStateAndItsLastStep() {
        TlcTrace trace = TlcTrace.parse(TlcOutputTest.canned("invariant-MCSeedInodeCheck.out", 12).text());
        assertEquals(19, trace.states().size());
        assertEquals("Initial predicate", trace.states().get(0).action());
        TlcTrace.State last = trace.last();
        assertEquals(19, last.number());
        assertEquals("Link", last.action());
        TlcTrace.Step step = last.lastStep();
        assertEquals("p4", step.actorName());
        assertEquals("link(T.p4, P) → ok", step.describe());
        assertEquals("kill(p1, 0) → ESRCH (dead)", trace.states().get(7).lastStep().describe());
        assertEquals(Set.of("p2", "p4"),
                MermaidSequence.inside(last, Set.of("unlinkTemp", "cs", "relUnlink")));
    }

    @Test
    void readsValuesThatTlcWrapsOverSeveralLines() {
        String out = String.join("\n",
                "Error: Invariant Inv is violated.",
                "Error: The behavior up to this point is:",
                "State 1: <Initial predicate>",
                "/\\ seen = ( p1 :> {<<p2, \"main\", 1>>, <<p3, \"main\", 1>>} @@",
                "  p2 :> {} )",
                "/\\ lastStep = <<\"-\", \"init\", \"\">>",
                "",
                "State 2: <Crash line 1, col 1 to line 2, col 2 of module M>",
                "/\\ seen = (p1 :> {} @@ p2 :> {})",
                "/\\ lastStep = <<p1, \"crash\", \"\">>",
                "",
                "9 states generated, 5 distinct states found, 0 states left on queue.");
        TlcTrace trace = TlcTrace.parse(out);
        assertEquals(2, trace.states().size());
        assertEquals("{(p2, main, 1), (p3, main, 1)}",
                ((TlcValue.Fcn) trace.states().get(0).get("seen")).apply(new TlcValue.ModelValue("p1")).display());
        assertEquals("crash", trace.last().lastStep().describe());
        assertEquals("Crash", trace.last().action());
    }

    @Test
    void readsALivenessTraceOfASingleVariableSpec() {
        TlcTrace trace = TlcTrace.parse(TlcOutputTest.canned("temporal.out", 13).text());
        assertEquals(5, trace.states().size());
        assertEquals("Stuttering", trace.states().get(4).action());
        assertEquals(Map.of("x", new TlcValue.Num(3)), trace.last().variables());
    }

    @Test
    void anOutputWithoutTraceIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> TlcTrace.parse(TlcOutputTest.canned("pass-MCFsLockUnknown.out", 0).text()));
    }
}
