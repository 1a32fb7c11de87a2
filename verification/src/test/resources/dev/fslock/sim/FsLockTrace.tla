---------------------------- MODULE FsLockTrace ----------------------------
(***************************************************************************)
(* Trace validation: is a run of the Java implementation a behavior of     *)
(* FsLock?                                                                 *)
(*                                                                         *)
(* The deterministic simulation (src/test/java/dev/fslock/sim) records the *)
(* spec actions that LockProtocol reports to its StepObserver, plus each   *)
(* kill as Crash, and writes them as TraceLog in a generated module that   *)
(* EXTENDS this one. Each step of TraceSpec is a step of FsLock's Next     *)
(* that is also the recorded action, by the recorded process, with the     *)
(* recorded outcome (rename result, directory listing, probe verdict,      *)
(* which entry was broken, rmdir result, fence values).                    *)
(*                                                                         *)
(* Checking: TLC explores TraceSpec with TraceNotFinished as an invariant. *)
(* The invariant is violated exactly when the whole log was matched: the   *)
(* run is a behavior of the spec. "No error" means the log could not be    *)
(* consumed: the depth TLC reports tells at which event it diverged. The   *)
(* spec's own invariants are checked along the way.                        *)
(*                                                                         *)
(* Owners are written <<process, "main", round>> as in the spec; round k   *)
(* is the process's k-th Start. Process names are model values.            *)
(*                                                                         *)
(* A template: SpecTrace makes each trace module from this text, renamed,  *)
(* with the line CONSTANT TraceLog replaced by the process constants and   *)
(* the definitions TraceLog == <<...>> and TraceClockReadings (the clock   *)
(* readings the run may have made: 0 and every fence value it wrote; the   *)
(* config overrides ClockReadings with it). (As a constant overridden from *)
(* the config, TLC evaluated the log anew at each use: four times slower.) *)
(***************************************************************************)
EXTENDS FsLock, Sequences

CONSTANT TraceLog   \* the recorded run: a sequence of records [a |-> action, p |-> process, ...]

VARIABLE i          \* how many events of TraceLog have been matched

\* What rmdir(P) returns in the current state (the Java reports RmdirResult names).
RmdirOutcome == IF ~lockExists THEN "ABSENT" ELSE IF lockDir = {} THEN "REMOVED" ELSE "NOT_EMPTY"

\* What rmdir(Tq) returns in the current state.
TempOutcome(q) == IF ~tmpExists[q] THEN "ABSENT" ELSE IF tmpDir[q] = {} THEN "REMOVED" ELSE "NOT_EMPTY"

\* Event e is the step from the current state to the next one.
Matches(e) ==
    \/ e.a = "Start"            /\ Start(e.p) /\ round'[e.p] = e.r
    \/ e.a = "MkTemp"           /\ MkTemp(e.p)
    \/ e.a = "CreateEntry"      /\ CreateEntry(e.p)
    \/ e.a = "WriteEntry"       /\ WriteEntry(e.p)
    \/ e.a = "RenameToLock"     /\ RenameToLock(e.p) /\ (pc'[e.p] = "checkEntry") = e.ok
    \/ e.a = "CheckEntry"       /\ CheckEntry(e.p) /\ (pc'[e.p] = "readFence") = e.present
    \/ e.a = "DropLock"         /\ DropLock(e.p) /\ RmdirOutcome = e.r
    \/ e.a = "ReadLockDir"      /\ ReadLockDir(e.p) /\ seen'[e.p] = e.s
    \/ e.a = "ProbeOwner"       /\ ProbeOwner(e.p) /\ lastStep'[3] = <<e.o, e.v>>
    \/ e.a = "BreakEntry"       /\ BreakEntry(e.p) /\ target[e.p] = e.o /\ (e.o \notin lockDir) = e.gone
    \/ e.a = "RmdirLock"        /\ RmdirLock(e.p) /\ RmdirOutcome = e.r
    \/ e.a = "Retry"            /\ Retry(e.p)
    \/ e.a = "RetryOnTimer"     /\ RetryOnTimer(e.p)
    \/ e.a = "QueueJoin"        /\ QueueJoin(e.p)
    \/ e.a = "QueueBypass"      /\ QueueBypass(e.p)
    \/ e.a = "QueueBehind"      /\ QueueBehind(e.p)
    \/ e.a = "QueueLeave"       /\ QueueLeave(e.p)
    \/ e.a = "ScanTemps"        /\ ScanTemps(e.p) /\ seen'[e.p] = e.s
    \/ e.a = "SweepProbe"       /\ SweepProbe(e.p) /\ lastStep'[3] = <<e.o, e.v>>
    \/ e.a = "SweepEntry"       /\ SweepEntry(e.p) /\ target[e.p] = e.o
    \/ e.a = "SweepTemp"        /\ SweepTemp(e.p) /\ TempOutcome(target[e.p][1]) = e.r
    \/ e.a = "SweepFence"       /\ SweepFence(e.p) /\ target[e.p] = e.o
    \/ e.a = "AbandonStart"     /\ AbandonStart(e.p)
    \/ e.a = "AbandonUnlink"    /\ AbandonUnlink(e.p)
    \/ e.a = "AbandonRmdir"     /\ AbandonRmdir(e.p)
    \/ e.a = "ReadFence"        /\ ReadFence(e.p) /\ token'[e.p] = e.v
    \/ e.a = "CreateFenceTmp"   /\ CreateFenceTmp(e.p) /\ fenceTmp'[e.p].value = e.v
    \/ e.a = "RenameFence"      /\ RenameFence(e.p) /\ fence' = e.v
    \/ e.a = "VerifyHeld"       /\ VerifyHeld(e.p) /\ (token'[e.p] # 0) = e.present
    \/ e.a = "FenceFailed"      /\ FenceFailed(e.p)
    \/ e.a = "AbortFenceUnlink" /\ AbortFenceUnlink(e.p)
    \/ e.a = "LeaveCS"          /\ LeaveCS(e.p)
    \/ e.a = "ReleaseUnlink"    /\ ReleaseUnlink(e.p) /\ (Main(e.p, round[e.p]) \notin lockDir) = e.gone
    \/ e.a = "ReleaseRmdir"     /\ ReleaseRmdir(e.p) /\ RmdirOutcome = e.r
    \/ e.a = "Crash"            /\ Crash(e.p)
    \* `fslock break` (SpecTrace renames its steps: ReadLockDir -> BreakerReadLockDir...).
    \/ e.a = "BreakerReadLockDir" /\ BreakerReadLockDir /\ breaker'.seen = e.s
    \/ e.a = "BreakerProbe"       /\ BreakerProbe /\ lastStep'[3] = <<e.o, e.v>>
    \/ e.a = "BreakerUnlink"      /\ BreakerUnlink /\ breaker.target = e.o /\ (e.o \notin lockDir) = e.gone
    \/ e.a = "BreakerRmdir"       /\ BreakerRmdir /\ RmdirOutcome = e.r
    \/ e.a = "BreakerScan"        /\ BreakerScan /\ breaker'.seen = e.s
    \/ e.a = "BreakerSweepProbe"  /\ BreakerSweepProbe /\ lastStep'[3] = <<e.o, e.v>>
    \/ e.a = "BreakerSweepEntry"  /\ BreakerSweepEntry /\ breaker.target = e.o
    \/ e.a = "BreakerSweepTemp"   /\ BreakerSweepTemp /\ TempOutcome(breaker.target[1]) = e.r
    \/ e.a = "BreakerSweepFence"  /\ BreakerSweepFence /\ breaker.target = e.o
    \/ e.a = "BreakerStop"        /\ BreakerStop

\* The trace config overrides BreakerActs with this: a run may include one `fslock break`.
TraceBreakerActs == TRUE

TraceInit == Init /\ i = 0

\* A step of the spec (Next, so every guard of the spec applies, aliveness included) that is the next event.
TraceNext ==
    /\ i < Len(TraceLog)
    /\ Next
    /\ Matches(TraceLog[i + 1])
    /\ i' = i + 1

TraceSpec == TraceInit /\ [][TraceNext]_<<vars, i>>

\* Violated exactly when the whole log has been matched: the expected outcome.
TraceNotFinished == i < Len(TraceLog)
=============================================================================
