--------------------------- MODULE MCFsLockVariants ---------------------------
(***************************************************************************)
(* What changes if one assumption or one decision of FsLock is different.  *)
(* Each definition below replaces one of FsLock's named decisions; a model *)
(* config selects it with a definition override, e.g.                       *)
(*     CONSTANTS ProcAnswers <- LyingProcAnswers                            *)
(* so that the variant is the spec itself with one thing changed. The      *)
(* manifest says which variants must fail and which property they break.   *)
(***************************************************************************)
EXTENDS MCFsLockSymmetry

\* A false suspicion: /proc may report a live process as exited (a time namespace shifting start
\* times, a /proc of another PID namespace, hidepid, a zombie thread-group leader with live
\* threads...: docs/probe-soundness.md). A dead process still reads as dead.
LyingProcAnswers(o) == IF ProcessAlive(o) THEN {"alive", "dead"} ELSE {"dead"}

\* Switches for FsLock's boolean knobs: no kernel lock on entries (UsesEntryLocks <- Disabled);
\* entry locks lost while the process lives, on a filesystem without working POSIX locks or by a
\* second descriptor of the entry closed in the same process (EntryLocksCanBeLost <- Enabled);
\* a person running `fslock break --force` at any time (OperatorActs <- Enabled), or `fslock break`
\* without it (BreakerActs <- Enabled); an age-based
\* cleaner deleting P.fence (FenceCleanerActs <- Enabled); another program putting a file into P
\* (StrangersAppear <- Enabled).
Enabled == TRUE
Disabled == FALSE

\* Nobody bypasses the waiters' queue: its wait never times out, every acquisition may wait, and
\* NAME.queue is always usable (the models of the queue's fairness).
NoQueueBypass(p) == FALSE

\* A file that is no owner entry taken for an owner that cannot be judged (fslock before it
\* refused such a P): waited on for ever.
StrangerAsOwner == FALSE

\* The co-owner entry created by path, in whatever directory is at P now (the code before the fix).
CoOwnerByPath(p) == lockExists

\* A holder that hands out its token without checking that its entry is still in P.
TokenUnchecked(p) == TRUE

\* A clock that reads 0, 1 or 2; one that reads up to 4.
SmallClock == 0..2
ClockToFour == 0..4

\* `fslock break` judging an owner dead by its entry's age, without probing it: any entry may look
\* stale, a live holder's too (a holder paused for longer than the age limit).
StaleByAge(o) == {"alive", "dead"}

\* Tokens that only count (read + 1): what fslock did before the clock floor.
CountingToken(read, now) == read + 1

\* The fence written in place, as a read-modify-write of one file (open P.fence with O_TRUNC, write
\* the next value) instead of a temp link renamed over it: between the truncate and the write,
\* P.fence is empty, which reads as 0 (absent). The value to write is kept in the holder's memory
\* (token); a holder that crashes in between, or whose write fails, leaves the fence empty.
\* Selected by CreateFenceTmp <- FenceTruncate and RenameFence <- FenceWriteInPlace.
FenceTruncate(p) ==
    /\ pc[p] = "createFenceTmp"
    /\ \E now \in ClockReadings :
          /\ now >= clock
          /\ StrictClock => now > clock
          /\ clock' = now
          /\ token' = Set(token, p, NextToken(token[p], now))
    /\ fence' = 0
    /\ Goto(p, "renameFence")
    /\ Step(p, "open O_TRUNC", "P.fence")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fenceTmp, dirOwner, alive, round, child, seen, target, broke, entryLocked, queue, issued>>

\* write(P.fence, the value): the fence holds the holder's token again.
FenceWriteInPlace(p) ==
    /\ pc[p] = "renameFence"
    /\ fence' = token[p]
    /\ Goto(p, "verifyHeld")
    /\ Step(p, "write", <<"P.fence", token[p]>>)
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fenceTmp, dirOwner, alive, round, child, memory, entryLocked, clock, queue, issued>>
=============================================================================
