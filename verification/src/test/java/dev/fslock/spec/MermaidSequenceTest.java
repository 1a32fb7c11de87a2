package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sequence diagram of a canned TLC trace (SeedAgeStale: an environment step, two holders). */
class MermaidSequenceTest {

    @Test
    void rendersOneArrowPerStepAndShadesTheViolation() {
        TlcTrace trace = TlcTrace.parse(TlcOutputTest.canned("invariant-MCSeedAgeStale.out", 12).text());
        String expected = """
                sequenceDiagram
                    participant p1
                    participant p2
                    participant fs as filesystem
                    p1->>fs: 1. open(P, O_CREAT|O_EXCL) → ok
                    Note over p1: inside (holds the lock)
                    p2->>fs: 2. open(P, O_CREAT|O_EXCL) → EEXIST
                    Note over p1,fs: 3. clock: time passes (P older than staleMs)
                    p2->>fs: 4. stat(P) → older than staleMs
                    p2->>fs: 5. unlink(P) → ok
                    rect rgb(255, 221, 221)
                    p2->>fs: 6. open(P, O_CREAT|O_EXCL) → ok
                    Note over p1,p2: p1 and p2 are both inside: MutualExclusion violated
                    end
                """;
        assertEquals(expected, MermaidSequence.render(trace, Set.of("write", "cs"), "MutualExclusion"));
    }

    @Test
    void drawsProbesToTheProbedProcessAndCrashesAsNotes() {
        TlcTrace trace = TlcTrace.parse(TlcOutputTest.canned("invariant-MCSeedInodeCheck.out", 12).text());
        String diagram = MermaidSequence.render(trace, Set.of("unlinkTemp", "cs", "relUnlink"), "MutualExclusion");
        assertEquals(true, diagram.contains("    Note over p1: 3. crashes (takes no further step)\n"), diagram);
        assertEquals(true, diagram.contains("    p2-->>p1: 7. kill(p1, 0) → ESRCH (dead)\n"), diagram);
        assertEquals(true, diagram.contains("    Note over p2,p4: p2 and p4 are both inside: MutualExclusion violated\n"), diagram);
    }

    @Test
    void namesTheServiceAndDrawsCallsToOtherParticipants() {
        TlcTrace trace = TlcTrace.parse(TlcOutputTest.canned("invariant-MCZkLockNoFence.out", 12).text());
        String expected = """
                sequenceDiagram
                    participant c1
                    participant c2
                    participant fs as ZooKeeper
                    participant resource
                    c1->>fs: 1. create(L/lock-, EPHEMERAL_SEQUENTIAL) → lock-0 (czxid 1)
                    c1->>fs: 2. getChildren(L) → {lock-0}
                    Note over c1: inside (holds the lock)
                    Note over c1,fs: 3. server: session of c1 expires (its ephemeral node lock-0 is deleted)
                    c2->>fs: 4. create(L/lock-, EPHEMERAL_SEQUENTIAL) → lock-1 (czxid 2)
                    c2->>fs: 5. getChildren(L) → {lock-1}
                    Note over c2: inside (holds the lock)
                    c2->>resource: 6. write(token 2) → accepted
                    rect rgb(255, 221, 221)
                    c1->>resource: 7. write(token 1) → accepted
                    Note over c1,c2: c1 and c2 are both inside: FencedResourceSafe violated
                    end
                """;
        assertEquals(expected, MermaidSequence.render(trace, Set.of("held", "resumed"), "FencedResourceSafe", "ZooKeeper"));
    }

    @Test
    void escapesWhatMermaidWouldReadAsSyntax() {
        assertEquals("a#59; b #35;1", MermaidSequence.escape("a; b #1"));
    }
}
