------------------------------- MODULE FsLock -------------------------------
(***************************************************************************)
(* fslock: a cross-process mutual-exclusion lock built from directory      *)
(* operations on a local POSIX filesystem.                                 *)
(*                                                                         *)
(* Overview (docs/protocol.md explains it at length)                       *)
(*                                                                         *)
(*   The lock is a directory P. It holds the owner entries of the current  *)
(*   holder: one file per owner, named after that owner's unique identity  *)
(*   (host, boot id, PID namespace, pid, start time, per-acquisition       *)
(*   nonce). An absent or empty P means "free".                            *)
(*                                                                         *)
(*   acquire  mkdir T (private), create T/me, write it, rename(T, P).      *)
(*            rename of a directory succeeds only when P is absent or an   *)
(*            empty directory, so exactly one contender wins.              *)
(*   holder   reads P.fence (a symbolic link whose target is the last      *)
(*            token), makes a private temp link to the next value and      *)
(*            renames it over P.fence: the fencing token.                  *)
(*   release  unlink P/me, then rmdir P (fails harmlessly if not empty).   *)
(*   break    list P, probe each owner; unlink P/e for an owner that is    *)
(*            DEAD. The name e identifies exactly one owner, so the unlink *)
(*            can never remove anybody else's entry. Then rmdir P.         *)
(*   sweep    temp directories and fence temp files of DEAD processes are  *)
(*            removed by name.                                             *)
(*   run      a holder may register a child command as co-owner (entry    *)
(*            P/child); the child runs only once its entry exists and     *)
(*            gives up if its parent died first. P stays non-empty, hence *)
(*            held, while any live co-owner remains.                       *)
(*                                                                         *)
(* Granularity: every step is one filesystem call (or one liveness probe,  *)
(* or one spawn/wait) of one process. A local decision taken on the result *)
(* of a call is part of that call's step: it touches no shared state, so a *)
(* crash after the call and before the decision is the same as a crash     *)
(* before the next call. Any process may crash between any two steps       *)
(* (crash-stop: it never takes another step; its files stay).              *)
(*                                                                         *)
(* Failure detector (docs/protocol.md section 2.4 states the contract,    *)
(* docs/probe-soundness.md how the Java probe meets it on Linux): a probe  *)
(* combines two observations.                                              *)
(*   - /proc: "dead" only for a process that has exited (ProcAnswers).     *)
(*     This is an ASSUMPTION about the environment; models that override   *)
(*     ProcAnswers with a lying version (a false suspicion) show what it   *)
(*     protects.                                                           *)
(*   - a kernel lock: every owner holds a POSIX lock on its own entry file *)
(*     from before the entry enters P until after it leaves; the kernel    *)
(*     drops it only when the process exits. A locked entry reads "alive"  *)
(*     whatever /proc says (a veto), so a live owner whose lock is intact  *)
(*     is never broken even by a wrong /proc. Co-owners (fslock run's      *)
(*     children) hold no such lock. Locks can be lost while alive          *)
(*     (LoseEntryLock, in models that allow it).                           *)
(* Processes in OtherHost live on a second host (or PID namespace): a probe *)
(* across the two answers "unknown", and an unknown owner is never broken   *)
(* automatically.                                                          *)
(*                                                                         *)
(* Variants. The decisions a bug would change are named definitions        *)
(* (ProcAnswers, UsesEntryLocks, EntryLocksCanBeLost, CoOwnerDirAlive,     *)
(* NextToken, ClockReadings, FenceCleanerActs, OperatorActs, BreakerActs,  *)
(* BreakerProbeAnswers, WakesOnEntryLock, QueueOrderCanBeLost,             *)
(* HeadLeaves); the models in MCFsLockVariants.tla override them           *)
(* from their .cfg files.                                                  *)
(*                                                                         *)
(* Every step records lastStep = <<actor, action, detail>> so that traces  *)
(* read as a list of filesystem calls; the project's tooling turns TLC's   *)
(* counterexamples into sequence diagrams from it. An actor is a process,  *)
(* <<p, "child">> for its child, or a one-element tuple for the            *)
(* environment (<<"cleaner">>): TLC cannot compare a string with a tuple.  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Procs,        \* the processes that use the lock
    OtherHost,    \* processes on a second host (or PID namespace): probes across hosts answer "unknown"
    MaxRounds,    \* acquisitions per process: keeps the model finite
    WithChild,    \* TRUE: every holder runs a child command registered as co-owner (fslock run)
    UsesQueue     \* TRUE: waiters queue on a kernel lock of NAME.queue and wake on the holder's
                  \* entry lock (issue 11; "The queue and the wake-up" below). FALSE: neither.

ASSUME OtherHost \subseteq Procs /\ MaxRounds \in Nat \ {0} /\ WithChild \in BOOLEAN /\ UsesQueue \in BOOLEAN

Roles == {"main", "child"}
Rounds == 1..MaxRounds
\* An owner entry <<p, role, r>>: the name of the file that represents one owner.
\* r stands for the per-acquisition nonce: each acquisition (and each child) is a new owner.
Owners == Procs \X Roles \X Rounds
Main(p, r) == <<p, "main", r>>
Child(p, r) == <<p, "child", r>>
None == <<>>                  \* no target

\* Process program counters, grouped by phase.
AcquireStates == {"sweepFirst", "mkTemp", "createEntry", "writeEntry", "tryQueue", "rename", "checkEntry", "dropLock",
                  "readLock", "probe", "breakEntry", "rmdirLock", "wait",
                  "scanTemps", "sweepProbe", "sweepEntry", "sweepTemp", "sweepFence",
                  "abandonUnlink", "abandonRmdir"}
HoldStates == {"readFence", "createFenceTmp", "renameFence", "verifyHeld", "abortFence", "cs",
               "spawn", "addCoOwner", "awaitChild", "removeCoOwner", "releaseUnlink"}
\* States an acquirer cannot give up in: it has renamed its temp directory onto P.
RenamedStates == {"checkEntry", "dropLock"}
PcStates == {"idle", "done", "releaseRmdir"} \cup AcquireStates \cup HoldStates
ChildStates == {"none", "statEntry", "probeParent", "running", "exited"}

VARIABLES
    \* The disk.
    lockExists, \* directory P exists
    lockDir,    \* the owner entries in P ({} while P is absent)
    tmpExists,  \* tmpExists[p]: p's private temp directory T exists
    tmpDir,     \* tmpDir[p]: the entries in T
    fence,      \* the value in P.fence (0 while the file is absent)
    fenceTmp,   \* fenceTmp[p]: p's fence temp link: [state: absent|written, value]
    stranger,   \* P holds a file that is no owner entry (another program's): P is then not a lock
    dirOwner,   \* whose rename put the directory now at P there ("none" while P is absent):
                \* identifies P's inode, which a directory descriptor opened on it keeps referring to
    \* The kernel.
    entryLocked, \* owners whose entry file their own process holds a kernel (POSIX) lock on
    clock,      \* the last reading of the wall clock (microseconds, abstractly); readings only grow
    queue,      \* the processes holding an exclusive kernel lock on NAME.queue: the head of the
                \* waiters' queue (normally at most one; several once the file was replaced)
    \* The processes.
    pc,         \* pc[p]: the step process p takes next
    alive,      \* alive[p]: FALSE once p has crashed; never TRUE again
    round,      \* round[p]: p's current acquisition (0 before the first)
    child,      \* child[p]: state of the child command of p's current round
    \* Each process's memory.
    token,      \* token[p]: the fence value p read; after renameFence, its fencing token
    seen,       \* seen[p]: owners p listed (in P, or leftovers beside it) and has not probed yet
    target,     \* target[p]: the owner p judged dead and is about to clean up
    broke,      \* broke[p]: p removed a dead owner's entry in this pass (so it tries rmdir P)
    breaker,    \* `fslock break` (no --force), outside any acquisition: [pc, seen, target, broke] as a
                \* process's (BreakerActs; constant in models without it)
    \* History.
    issued,     \* the largest fencing token handed out so far, at VerifyHeld (for TokensStrictlyIncrease)
    lastStep    \* <<actor, action, detail>> of the step just taken (for traces only: see View)

disk == <<lockExists, lockDir, tmpExists, tmpDir, fence, fenceTmp, stranger, dirOwner>>
kernel == <<entryLocked, clock, queue>>
procs == <<pc, alive, round, child>>
memory == <<token, seen, target, broke, breaker>>
vars == <<disk, kernel, procs, memory, issued, lastStep>>

\* The state without its trace history: two states that differ only in lastStep are the same state.
View == <<disk, kernel, procs, memory, issued>>

NoFile == [state |-> "absent", value |-> 0]
\* `fslock break` not running (BreakerActs): its state between runs.
BreakerIdle == [pc |-> "idle", seen |-> {}, target |-> None, broke |-> FALSE]
Max(a, b) == IF a >= b THEN a ELSE b

-----------------------------------------------------------------------------
(* The decisions that variants override (MCFsLockVariants.tla).             *)

\* The wall clock's readings, in microseconds. {0}: the clock plays no part (tokens count from 1).
ClockReadings == {0}
\* Every reading is later than the one before: an acquisition takes far longer than the clock's
\* microsecond, so two readings in a row never agree (models of fencing after a break set it).
StrictClock == FALSE
MaxClock == CHOOSE t \in ClockReadings : \A u \in ClockReadings : u <= t

\* The fencing token a holder that read `read` from P.fence hands out when the clock reads `now`:
\* never below the clock, so that a fence deleted by a cleaner (or lost to a power failure) cannot
\* make tokens go back (assumption: the clock passes a token before P.fence is deleted; see CleanFence).
NextToken(read, now) == Max(read + 1, now)
MaxToken == MaxClock + Cardinality(Procs) * MaxRounds

\* An age-based cleaner (systemd-tmpfiles) may delete P.fence.
FenceCleanerActs == FALSE

\* A person runs `fslock break --force`, which removes entries whatever their owner's state.
OperatorActs == FALSE

\* A person runs `fslock break` (without --force) at any time, outside any acquisition.
BreakerActs == FALSE

\* Another program puts a file of its own into P.
StrangersAppear == FALSE

\* P holding a file that is no owner entry is "not a lock": refused at once, never waited on.
RefuseStrangers == TRUE

\* Owners lock their own entry file (the veto); the lock is never lost while the process lives.
UsesEntryLocks == TRUE
EntryLocksCanBeLost == FALSE

\* With UsesQueue (section "The queue and the wake-up"): a waiter's timer-free wake is the kernel
\* granting its shared lock on the holder's entry (the fair Retry waits for it).
WakesOnEntryLock == UsesQueue
\* NAME.queue replaced (deleted and recreated) at any time: a waiter that finds the queue taken may
\* lock a new file, and be a second head (the order is lost).
QueueOrderCanBeLost == FALSE
\* The head unlocks NAME.queue once its rename succeeded or it gave up (a broken variant never does).
HeadLeaves == TRUE
\* A fresh acquirer tries NAME.queue's lock before its first rename and, if the queue is taken, goes
\* to the back instead of renaming (QueueBehind). A barging variant skips the look (renames at once).
FreshAcquirersQueue == UsesQueue

-----------------------------------------------------------------------------
(* Liveness as a probe reports it. A probe reads the pid's process record:  *)
(* it judges the process, not the acquisition, so an old entry of a live     *)
(* process reads "alive".                                                    *)
ProcessAlive(o) ==
    IF o[2] = "main" THEN alive[o[1]]
    ELSE o[3] = round[o[1]] /\ child[o[1]] \in {"statEntry", "probeParent", "running"}

\* p and q can judge each other: same host (and boot and PID namespace).
SameHost(p, q) == (p \in OtherHost) = (q \in OtherHost)

\* What /proc says about the process of owner o. The failure detector's contract: the truth
\* ("dead" only for a process that has exited). Variants override it with a false suspicion.
ProcAnswers(o) == IF ProcessAlive(o) THEN {"alive"} ELSE {"dead"}

\* What p's probe of owner o may answer: "unknown" across hosts; "alive" while o's entry is
\* locked by its process (the kernel-lock veto); otherwise what /proc says. (Java: the /proc read
\* and the lock test are two read-only calls; a "dead" verdict is only ever acted on by unlinking
\* o's own unique name, so taking both as one step loses no behaviour that matters.)
Judge(sameHost, o) ==
    IF ~sameHost THEN {"unknown"}
    ELSE IF o \in entryLocked THEN {"alive"}
    ELSE ProcAnswers(o)
ProbeAnswers(p, o) == Judge(SameHost(p, o[1]), o)

\* After taking its token, p checks that its entry is still in P (VerifyHeld).
StillHeld(p) == Main(p, round[p]) \in lockDir

\* The owners of process p, and the directory p holds.
OwnersOf(p) == {o \in Owners : o[1] = p}
CoOwnerDirAlive(p) == lockExists /\ dirOwner = p

\* What a sweeper finds beside P: temp dirs and fence temps of other processes,
\* each named after its owner.
Leftovers(p) == {Main(q, round[q]) : q \in {q \in Procs \ {p} : tmpExists[q] \/ fenceTmp[q].state # "absent"}}

Step(actor, action, detail) == lastStep' = <<actor, action, detail>>
Goto(p, s) == pc' = [pc EXCEPT ![p] = s]
Set(f, p, v) == [f EXCEPT ![p] = v]

\* rmdir(P): removes P only if it is empty.
RemoveLockDir ==
    /\ lockExists' = (lockExists /\ (lockDir # {} \/ stranger))
    /\ dirOwner' = IF lockExists' THEN dirOwner ELSE "none"

-----------------------------------------------------------------------------
(* Initial state: nothing on disk, every process idle.                      *)
Init ==
    /\ lockExists = FALSE
    /\ lockDir = {}
    /\ tmpExists = [p \in Procs |-> FALSE]
    /\ tmpDir = [p \in Procs |-> {}]
    /\ fence = 0
    /\ fenceTmp = [p \in Procs |-> NoFile]
    /\ stranger = FALSE
    /\ dirOwner = "none"
    /\ entryLocked = {}
    /\ clock = 0
    /\ queue = {}
    /\ pc = [p \in Procs |-> "idle"]
    /\ alive = [p \in Procs |-> TRUE]
    /\ round = [p \in Procs |-> 0]
    /\ child = [p \in Procs |-> "none"]
    /\ token = [p \in Procs |-> 0]
    /\ seen = [p \in Procs |-> {}]
    /\ target = [p \in Procs |-> None]
    /\ broke = [p \in Procs |-> FALSE]
    /\ breaker = BreakerIdle
    /\ issued = 0
    /\ lastStep = <<"-", "init", "">>

-----------------------------------------------------------------------------
(***************************** Acquire ************************************)

\* What every step of process p leaves alone unless it says otherwise.
Keep == <<entryLocked, clock, queue, issued>>

\* Begin a new acquisition: a new owner identity (nonce). It may sweep leftovers first
\* (the Java code does on a lock's first acquisition, so that leftovers of crashed processes
\* do not stay forever on a lock that is never contended).
Start(p) ==
    /\ pc[p] = "idle"
    /\ p \notin queue    \* the last acquisition unlocked NAME.queue before it returned
    /\ IF round[p] < MaxRounds
       THEN /\ round' = Set(round, p, round[p] + 1)
            /\ child' = Set(child, p, "none")
            /\ \/ Goto(p, "mkTemp")
               \/ Goto(p, "sweepFirst")
       ELSE /\ Goto(p, "done")
            /\ UNCHANGED <<round, child>>
    /\ Step(p, "start", round[p] + 1)
    /\ UNCHANGED <<disk, alive, memory, Keep>>

\* mkdir(T): T is named after p's identity and nonce, so it cannot exist yet.
MkTemp(p) ==
    /\ pc[p] = "mkTemp"
    /\ tmpExists' = Set(tmpExists, p, TRUE)
    /\ Goto(p, "createEntry")
    /\ Step(p, "mkdir", "T")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* open(T/me, O_CREAT|O_EXCL|O_WRONLY), keeping the descriptor. ENOENT if T is gone (only a sweep
\* after a false suspicion removes another process's T): an I/O error, so p gives up.
CreateEntry(p) ==
    /\ pc[p] = "createEntry"
    /\ IF tmpExists[p]
       THEN /\ tmpDir' = Set(tmpDir, p, {Main(p, round[p])})
            /\ Goto(p, "writeEntry")
       ELSE /\ UNCHANGED tmpDir
            /\ Goto(p, "abandonUnlink")
    /\ Step(p, "create", Main(p, round[p]))
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* write(T/me, metadata), then fcntl(F_SETLKW, F_WRLCK) on the same descriptor: the entry is
\* locked from before it can be seen in P. (Two calls on a file nobody else judges yet, as one step.)
\* The content is for humans; no step reads it. With the queue, the first rename waits for a look
\* at NAME.queue ("tryQueue": QueueJoin, QueueBehind or QueueBypass).
WriteEntry(p) ==
    /\ pc[p] = "writeEntry"
    /\ entryLocked' = IF UsesEntryLocks THEN entryLocked \cup {Main(p, round[p])} ELSE entryLocked
    /\ Goto(p, IF FreshAcquirersQueue THEN "tryQueue" ELSE "rename")
    /\ Step(p, "write", Main(p, round[p]))
    /\ UNCHANGED <<disk, alive, round, child, memory, clock, queue, issued>>

\* rename(T, P): succeeds iff P is absent or an empty directory (else ENOTEMPTY/EEXIST).
\* On success the directory at P is T's inode: p's. (ENOENT if T is gone: p gives up.)
RenameToLock(p) ==
    /\ pc[p] = "rename"
    /\ CASE ~tmpExists[p] ->
            /\ Goto(p, "abandonUnlink")
            /\ Step(p, "rename", "T -> P: ENOENT")
            /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, dirOwner>>
         [] lockDir = {} /\ ~stranger ->
            /\ lockExists' = TRUE
            /\ lockDir' = tmpDir[p]
            /\ tmpExists' = Set(tmpExists, p, FALSE)
            /\ tmpDir' = Set(tmpDir, p, {})
            /\ dirOwner' = p
            /\ Goto(p, "checkEntry")
            /\ Step(p, "rename", "T -> P: ok")
         [] OTHER ->
            /\ Goto(p, "readLock")
            /\ Step(p, "rename", "T -> P: ENOTEMPTY")
            /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, dirOwner>>
    /\ UNCHANGED <<stranger, fence, fenceTmp, alive, round, child, memory, Keep>>

\* lstat(P/me): our entry came with the rename. It always does unless a sweep after a false
\* suspicion removed it from T before its kernel lock was taken; then P is empty and not ours to
\* hold: p removes it (DropLock) and gives up with an error.
CheckEntry(p) ==
    /\ pc[p] = "checkEntry"
    /\ Goto(p, IF Main(p, round[p]) \in lockDir THEN "readFence" ELSE "dropLock")
    /\ Step(p, "lstat", Main(p, round[p]))
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

\* rmdir(P) of the empty directory p renamed there (fails harmlessly if another has arrived).
DropLock(p) ==
    /\ pc[p] = "dropLock"
    /\ RemoveLockDir
    /\ Goto(p, "idle")
    /\ Step(p, "rmdir", "P")
    /\ UNCHANGED <<stranger, lockDir, tmpExists, tmpDir, fence, fenceTmp, alive, round, child, memory, Keep>>

\* readdir(P): the owner entries to probe. Absent or empty: the holder left meanwhile; retry.
\* A file that is no owner entry: P is not a lock (NotALockException): give up at once, never wait.
ReadLockDir(p) ==
    /\ pc[p] = "readLock"
    /\ seen' = Set(seen, p, IF stranger /\ RefuseStrangers THEN {} ELSE lockDir)
    /\ broke' = Set(broke, p, FALSE)
    /\ Goto(p, CASE stranger /\ RefuseStrangers -> "abandonUnlink"
                 [] lockDir = {} -> IF stranger THEN "wait" ELSE "rename"
                 [] OTHER -> "probe")
    \* A string, not the empty set, when only a stranger is there: the next step is then p's
    \* readdir("parent"), and TLC cannot compare a set with a string (when checking fairness).
    /\ Step(p, "readdir", CASE stranger /\ RefuseStrangers -> "not a lock"
                            [] stranger /\ lockDir = {} -> "a stranger only"
                            [] OTHER -> lockDir)
    /\ UNCHANGED <<disk, alive, round, child, token, target, Keep>>

\* After the last owner is probed: rmdir P if we broke an entry, else wait.
AfterProbes(p) == IF broke[p] THEN "rmdirLock" ELSE "wait"

\* Probe one listed owner (in any order); a dead one is broken next.
ProbeOwner(p) ==
    /\ pc[p] = "probe"
    /\ \E o \in seen[p] : \E v \in ProbeAnswers(p, o) :
            /\ seen' = Set(seen, p, seen[p] \ {o})
            /\ IF v = "dead"
               THEN /\ target' = Set(target, p, o)
                    /\ Goto(p, "breakEntry")
               ELSE /\ UNCHANGED target
                    /\ Goto(p, IF seen[p] = {o} THEN AfterProbes(p) ELSE "probe")
            /\ Step(p, "probe", <<o, v>>)
    /\ UNCHANGED <<disk, alive, round, child, token, broke, Keep>>

\* unlink(P/e) for the owner e judged dead; ENOENT if it is gone already.
\* The name e belongs to that owner alone, so no other entry can be hit.
BreakEntry(p) ==
    /\ pc[p] = "breakEntry"
    /\ lockDir' = lockDir \ {target[p]}
    /\ broke' = Set(broke, p, TRUE)
    /\ target' = Set(target, p, None)
    /\ Goto(p, IF seen[p] = {} THEN "rmdirLock" ELSE "probe")
    /\ Step(p, "unlink", target[p])
    /\ UNCHANGED <<stranger, lockExists, tmpExists, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, token, seen, Keep>>

\* rmdir(P): succeeds only on an empty directory; its event wakes waiters.
RmdirLock(p) ==
    /\ pc[p] = "rmdirLock"
    /\ RemoveLockDir
    /\ Goto(p, "rename")
    /\ Step(p, "rmdir", "P")
    /\ UNCHANGED <<stranger, lockDir, tmpExists, tmpDir, fence, fenceTmp, alive, round, child, memory, Keep>>

\* With the queue, only its head retries and sweeps; the others sleep on NAME.queue's lock.
QueueAllows(p) == ~UsesQueue \/ p \in queue

\* The kernel would grant a shared lock on the holder's entry: no entry in P is locked (the holder
\* released or died, or P is empty). (A waiter blocks on the entry it saw; once that entry is gone or
\* unlocked, no locked entry of the same holder can be in P, so this guard is at most as often true
\* as the real wake-up: the fairness it gives Retry is weaker than the implementation's.)
EntryLockFreed == \A o \in lockDir : o \notin entryLocked

\* Waiting (backoff, or a filesystem event) ends in one of: retry, sweep, give up. With
\* WakesOnEntryLock the obliged (fair) retry is the one the kernel's grant of the holder's entry lock
\* triggers; the backoff timer's is RetryOnTimer, which nothing obliges.
Retry(p) ==
    /\ pc[p] = "wait"
    /\ QueueAllows(p)
    /\ WakesOnEntryLock => EntryLockFreed
    /\ Goto(p, "rename")
    /\ Step(p, "wake", "")
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

\* The backoff timer (capped at the probe period) ends the wait whatever the holder does. Without
\* WakesOnEntryLock it is Retry itself.
RetryOnTimer(p) ==
    /\ WakesOnEntryLock
    /\ pc[p] = "wait"
    /\ QueueAllows(p)
    /\ Goto(p, "rename")
    /\ Step(p, "wake", "timer")
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

\* Where an acquisition goes after sweeping: on to mkdir(T) if it swept first, else back to rename.
AfterSweep(p) == IF tmpExists[p] THEN "rename" ELSE "mkTemp"

\* readdir(parent of P): leftovers of other processes (temp dirs, fence temps).
ScanTemps(p) ==
    /\ pc[p] \in {"wait", "sweepFirst"}
    /\ pc[p] = "wait" => QueueAllows(p)
    /\ seen' = Set(seen, p, Leftovers(p))
    /\ Goto(p, IF Leftovers(p) = {} THEN AfterSweep(p) ELSE "sweepProbe")
    /\ Step(p, "readdir", "parent")
    /\ UNCHANGED <<disk, alive, round, child, token, target, broke, Keep>>

\* Probe the process that left a temp dir or fence temp; after the last one, go on.
SweepProbe(p) ==
    /\ pc[p] = "sweepProbe"
    /\ \E o \in seen[p] : \E v \in ProbeAnswers(p, o) :
            /\ seen' = Set(seen, p, seen[p] \ {o})
            /\ IF v = "dead"
               THEN /\ target' = Set(target, p, o)
                    /\ Goto(p, "sweepEntry")
               ELSE /\ UNCHANGED target
                    /\ Goto(p, IF seen[p] = {o} THEN AfterSweep(p) ELSE "sweepProbe")
            /\ Step(p, "probe", <<o, v>>)
    /\ UNCHANGED <<disk, alive, round, child, token, broke, Keep>>

\* unlink(Tq/entry): the entry's name follows from the temp dir's name.
SweepEntry(p) ==
    /\ pc[p] = "sweepEntry"
    /\ tmpDir' = Set(tmpDir, target[p][1], tmpDir[target[p][1]] \ {target[p]})
    /\ Goto(p, "sweepTemp")
    /\ Step(p, "unlink", <<"T", target[p]>>)
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* rmdir(Tq): only if empty.
SweepTemp(p) ==
    /\ pc[p] = "sweepTemp"
    /\ tmpExists' = Set(tmpExists, target[p][1], tmpExists[target[p][1]] /\ tmpDir[target[p][1]] # {})
    /\ Goto(p, "sweepFence")
    /\ Step(p, "rmdir", <<"T", target[p]>>)
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* unlink(fence temp of q).
SweepFence(p) ==
    /\ pc[p] = "sweepFence"
    /\ fenceTmp' = Set(fenceTmp, target[p][1], NoFile)
    /\ target' = Set(target, p, None)
    /\ Goto(p, IF seen[p] = {} THEN AfterSweep(p) ELSE "sweepProbe")
    /\ Step(p, "unlink", <<"fence temp", target[p]>>)
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fence, dirOwner, alive, round, child, token, seen, broke, Keep>>

\* Give up before holding (timeout, interrupt, or an I/O error at any step):
\* unlink(T/me) and close it (which drops its lock), then rmdir(T) (each ENOENT if not made yet).
\* Nothing is left behind.
AbandonStart(p) ==
    /\ pc[p] \in AcquireStates \ ({"abandonUnlink", "abandonRmdir"} \cup RenamedStates)
    /\ Goto(p, "abandonUnlink")
    /\ Step(p, "give up", "")
    /\ UNCHANGED <<disk, alive, round, child, token, broke, Keep>>
    /\ seen' = Set(seen, p, {})
    /\ target' = Set(target, p, None)

AbandonUnlink(p) ==
    /\ pc[p] = "abandonUnlink"
    /\ tmpDir' = Set(tmpDir, p, {})
    /\ entryLocked' = entryLocked \ {Main(p, round[p])}
    /\ Goto(p, "abandonRmdir")
    /\ Step(p, "unlink", <<"T", Main(p, round[p])>>)
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, fence, fenceTmp, dirOwner, alive, round, child, memory, clock, queue, issued>>

AbandonRmdir(p) ==
    /\ pc[p] = "abandonRmdir"
    /\ tmpExists' = Set(tmpExists, p, FALSE)
    /\ Goto(p, "idle")
    /\ Step(p, "rmdir", "T")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

-----------------------------------------------------------------------------
(************************ The queue and the wake-up ************************)
(* Optimisations of when a waiter retries (issue 11, UsesQueue): never     *)
(* needed for safety. A waiter at "wait" that is not the head sleeps on an *)
(* exclusive kernel lock of NAME.queue (beside P, never deleted): it joins *)
(* when the lock is free (QueueJoin) and is then the head, the only waiter *)
(* that retries (Retry, RetryOnTimer) and sweeps; or its wait times out,   *)
(* or the file was replaced or cannot be locked, and it retries on its own *)
(* (QueueBypass: nothing obliges it). The head unlocks NAME.queue once its *)
(* rename succeeded or it gave up (QueueLeave); the kernel drops the lock  *)
(* of a process that dies (Crash). A fresh acquirer looks at the queue     *)
(* before its first rename ("tryQueue"): free, it takes it (QueueJoin) and *)
(* renames as the head; taken, it goes to the back without renaming        *)
(* (QueueBehind), so that a process that just released cannot overtake a  *)
(* head that waits (HeadNotOvertaken, MCFsLockQueueNoBypass; a fresh       *)
(* acquirer that skips the look does: MCFsLockQueueBarging fails). The     *)
(* queue only takes steps away from a waiter (Retry and ScanTemps from     *)
(* "wait", the first rename) that it could take anyway, and QueueBypass    *)
(* gives every one of them back: the safety properties are those of the    *)
(* spec without the queue. TLC shows Progress with the queue and without   *)
(* any timer (MCFsLockQueue), with a lost order (MCFsLockQueueOrderLost),  *)
(* and that a head that never leaves blocks everybody unless the bypass    *)
(* timeout is sure to fire (MCFsLockQueueHeadStays fails,                  *)
(* MCFsLockQueueHeadStaysTimeout passes).                                  *)
(***************************************************************************)

\* The steps in which a head keeps NAME.queue locked: from QueueJoin at "wait" to the rename that
\* succeeds or the give-up.
HeadStates == {"wait", "rename", "readLock", "probe", "breakEntry", "rmdirLock",
               "sweepProbe", "sweepEntry", "sweepTemp", "sweepFence"}

\* fcntl(F_SETLKW, F_WRLCK) on NAME.queue returns: p is the head. (Opened with O_CREAT: the file is
\* made on first contention.) The lock is free, or p locked a replaced file (QueueOrderCanBeLost).
\* From "tryQueue" it is the fresh acquirer's fcntl(F_SETLK, F_WRLCK) that succeeded: p renames as
\* the head.
QueueJoin(p) ==
    /\ UsesQueue
    /\ pc[p] \in {"wait", "tryQueue"}
    /\ p \notin queue
    /\ queue = {} \/ QueueOrderCanBeLost
    /\ queue' = queue \cup {p}
    /\ IF pc[p] = "tryQueue" THEN Goto(p, "rename") ELSE UNCHANGED pc
    /\ Step(p, "lock", "queue")
    /\ UNCHANGED <<disk, alive, round, child, memory, entryLocked, clock, issued>>

\* The wait for NAME.queue times out (or the file cannot be locked): retry without the queue. From
\* "tryQueue": a fresh acquirer renames without looking at the queue (a single try, which never
\* waits, or a queue file that cannot be used).
QueueBypass(p) ==
    /\ UsesQueue
    /\ pc[p] \in {"wait", "tryQueue"}
    /\ p \notin queue
    /\ Goto(p, "rename")
    /\ Step(p, "bypass", "queue")
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

(***************************************************************************)
(* QueueBehind. A fresh acquirer's fcntl(F_SETLK, F_WRLCK) on NAME.queue   *)
(* fails because the queue is taken: it goes to the back ("wait", not the  *)
(* head) without trying the rename. Why a step of its own: without it, a   *)
(* process that just released tries its first rename at once and usually  *)
(* wins before the head that the release woke gets the CPU (issue 11's     *)
(* barging: Jain 0.73 at eight processes). Weakly fair, like any call of a *)
(* live process: a fresh acquirer never stays at "tryQueue".               *)
(***************************************************************************)
QueueBehind(p) ==
    /\ pc[p] = "tryQueue"
    /\ queue # {}
    /\ Goto(p, "wait")
    /\ Step(p, "trylock", "queue: taken")
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

\* The head unlocks NAME.queue: after its successful rename, or once it gave up (in any later step
\* of that acquisition; Start waits for it).
QueueLeave(p) ==
    /\ HeadLeaves
    /\ p \in queue
    /\ pc[p] \notin HeadStates
    /\ queue' = queue \ {p}
    /\ Step(p, "unlock", "queue")
    /\ UNCHANGED <<disk, procs, memory, entryLocked, clock, issued>>

-----------------------------------------------------------------------------
(************************** Holder: fencing token **************************)

\* readlink(P.fence); 0 while absent.
ReadFence(p) ==
    /\ pc[p] = "readFence"
    /\ token' = Set(token, p, fence)
    /\ Goto(p, "createFenceTmp")
    /\ Step(p, "read", <<"P.fence", fence>>)
    /\ UNCHANGED <<disk, alive, round, child, seen, target, broke, Keep>>

\* Read the clock, then symlink(NextToken, fence temp): the link is created with its target in one
\* call, so a fence temp is never half-written (and, unlike a file's data, the target needs no data
\* block). Reading the clock touches nothing shared: it is part of this step.
CreateFenceTmp(p) ==
    /\ pc[p] = "createFenceTmp"
    /\ \E now \in ClockReadings :
          /\ now >= clock
          /\ StrictClock => now > clock
          /\ clock' = now
          /\ fenceTmp' = Set(fenceTmp, p, [state |-> "written", value |-> NextToken(token[p], now)])
          /\ Step(p, "symlink", <<"fence temp", NextToken(token[p], now)>>)
    /\ Goto(p, "renameFence")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fence, dirOwner, alive, round, child, memory, entryLocked, queue, issued>>

\* rename(fence temp, P.fence): atomic replace. The token is handed to the caller. (ENOENT if the
\* fence temp is gone, which only a sweep after a false suspicion does: the fence fails.)
RenameFence(p) ==
    /\ pc[p] = "renameFence"
    /\ IF fenceTmp[p].state = "written"
       THEN /\ fence' = fenceTmp[p].value
            /\ fenceTmp' = Set(fenceTmp, p, NoFile)
            /\ token' = Set(token, p, fenceTmp[p].value)
            /\ Goto(p, "verifyHeld")
            /\ Step(p, "rename", <<"fence temp -> P.fence", fenceTmp[p].value>>)
       ELSE /\ token' = Set(token, p, 0)
            /\ Goto(p, "abortFence")
            /\ Step(p, "rename", <<"fence temp -> P.fence", "ENOENT">>)
            /\ UNCHANGED <<fence, fenceTmp>>
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, dirOwner, alive, round, child, seen, target, broke, entryLocked, clock, queue, issued>>

\* lstat(P/me): still ours after the fence moved? Only then is the token handed out. A holder whose
\* entry was broken meanwhile (fslock break --force, or a false suspicion) took a token it must not
\* use: a later holder may already have one below it, or the same. It releases instead (its entry
\* is gone: the caller learns the lock was compromised).
VerifyHeld(p) ==
    /\ pc[p] = "verifyHeld"
    /\ IF StillHeld(p)
       THEN /\ Goto(p, IF WithChild THEN "spawn" ELSE "cs")
            /\ issued' = Max(issued, token[p])
            /\ UNCHANGED token
       ELSE /\ Goto(p, "releaseUnlink")
            /\ token' = Set(token, p, 0)
            /\ UNCHANGED issued
    /\ Step(p, "lstat", Main(p, round[p]))
    /\ UNCHANGED <<disk, alive, round, child, seen, target, broke, entryLocked, clock, queue>>

\* The fence cannot be read or written (corrupt P.fence, disk full): remove our fence temp,
\* then release; the caller gets an error instead of a token.
FenceFailed(p) ==
    /\ pc[p] \in {"readFence", "createFenceTmp", "renameFence", "verifyHeld"}
    /\ Goto(p, "abortFence")
    /\ token' = Set(token, p, 0)
    /\ Step(p, "fence failed", "")
    /\ UNCHANGED <<disk, alive, round, child, seen, target, broke, Keep>>

\* unlink(own fence temp); ENOENT if not created.
AbortFenceUnlink(p) ==
    /\ pc[p] = "abortFence"
    /\ fenceTmp' = Set(fenceTmp, p, NoFile)
    /\ Goto(p, "releaseUnlink")
    /\ Step(p, "unlink", "fence temp")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fence, dirOwner, alive, round, child, memory, Keep>>

\* The critical section ends; release begins.
LeaveCS(p) ==
    /\ pc[p] = "cs"
    /\ Goto(p, "releaseUnlink")
    /\ Step(p, "leave", "")
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

-----------------------------------------------------------------------------
(********************* fslock run: the child as co-owner *******************)

\* fork/exec of the wrapper, which waits for its entry before running the command.
Spawn(p) ==
    /\ pc[p] = "spawn"
    /\ child' = Set(child, p, "statEntry")
    /\ Goto(p, "addCoOwner")
    /\ Step(p, "spawn", Child(p, round[p]))
    /\ UNCHANGED <<disk, alive, round, memory, Keep>>

\* openat(dirfd of p's P, child, O_CREAT|O_EXCL): the descriptor refers to the directory p's rename
\* put at P, so the entry is created there or nowhere (ENOENT once that directory was removed or
\* replaced): never in another holder's lock, even after someone broke p's entry by force.
AddCoOwner(p) ==
    /\ pc[p] = "addCoOwner"
    /\ lockDir' = IF CoOwnerDirAlive(p) THEN lockDir \cup {Child(p, round[p])} ELSE lockDir
    /\ Goto(p, "awaitChild")
    /\ Step(p, "create", Child(p, round[p]))
    /\ UNCHANGED <<stranger, lockExists, tmpExists, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* waitpid: the child has exited (or gave up).
AwaitChild(p) ==
    /\ pc[p] = "awaitChild"
    /\ child[p] = "exited"
    /\ Goto(p, "removeCoOwner")
    /\ Step(p, "waitpid", Child(p, round[p]))
    /\ UNCHANGED <<disk, alive, round, child, memory, Keep>>

\* unlink(P/child): the child is dead; its entry goes first.
RemoveCoOwner(p) ==
    /\ pc[p] = "removeCoOwner"
    /\ lockDir' = lockDir \ {Child(p, round[p])}
    /\ Goto(p, "releaseUnlink")
    /\ Step(p, "unlink", Child(p, round[p]))
    /\ UNCHANGED <<stranger, lockExists, tmpExists, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, Keep>>

\* The child's wrapper: stat(P/child); present -> exec the command, else probe the parent.
ChildStat(p) ==
    /\ child[p] = "statEntry"
    /\ child' = Set(child, p, IF Child(p, round[p]) \in lockDir THEN "running" ELSE "probeParent")
    /\ Step(<<p, "child">>, "stat", Child(p, round[p]))
    /\ UNCHANGED <<disk, pc, alive, round, memory, Keep>>

\* The wrapper probes its parent: dead -> exit without running the command.
ChildProbeParent(p) ==
    /\ child[p] = "probeParent"
    /\ child' = Set(child, p, IF alive[p] THEN "statEntry" ELSE "exited")
    /\ Step(<<p, "child">>, "probe", <<Main(p, round[p]), IF alive[p] THEN "alive" ELSE "dead">>)
    /\ UNCHANGED <<disk, pc, alive, round, memory, Keep>>

\* The command ends.
ChildExit(p) ==
    /\ child[p] = "running"
    /\ child' = Set(child, p, "exited")
    /\ Step(<<p, "child">>, "exit", "")
    /\ UNCHANGED <<disk, pc, alive, round, memory, Keep>>

\* The wrapper is killed before it ran the command (killing it later is ChildExit).
ChildCrash(p) ==
    /\ child[p] \in {"statEntry", "probeParent"}
    /\ child' = Set(child, p, "exited")
    /\ Step(<<p, "child">>, "crash", "")
    /\ UNCHANGED <<disk, pc, alive, round, memory, Keep>>

-----------------------------------------------------------------------------
(****************************** Release ************************************)

\* unlink(P/me), then close it (which drops its lock: after the entry has left P).
ReleaseUnlink(p) ==
    /\ pc[p] = "releaseUnlink"
    /\ lockDir' = lockDir \ {Main(p, round[p])}
    /\ entryLocked' = entryLocked \ {Main(p, round[p])}
    /\ Goto(p, "releaseRmdir")
    /\ Step(p, "unlink", Main(p, round[p]))
    /\ UNCHANGED <<stranger, lockExists, tmpExists, tmpDir, fence, fenceTmp, dirOwner, alive, round, child, memory, clock, queue, issued>>

\* rmdir(P): succeeds only if empty; its event wakes the waiters.
ReleaseRmdir(p) ==
    /\ pc[p] = "releaseRmdir"
    /\ RemoveLockDir
    /\ Goto(p, "idle")
    /\ Step(p, "rmdir", "P")
    /\ UNCHANGED <<stranger, lockDir, tmpExists, tmpDir, fence, fenceTmp, alive, round, child, memory, Keep>>

-----------------------------------------------------------------------------
(********************* fslock break (without --force) **********************)
(* A person breaks the lock outside any acquisition (LockBreaker, with the  *)
(* waiters' code: BreakCore): list P, probe each owner, unlink the entry of *)
(* one judged dead, rmdir P if it broke anything, then sweep the leftovers  *)
(* of dead processes beside P. One call per step, like a waiter's; it runs  *)
(* on this host, and it may stop (be killed) between any two steps. Only    *)
(* the models with BreakerActs have it.                                     *)

BreakerActor == <<"breaker">>
BreakerGoto(s) == breaker' = [breaker EXCEPT !.pc = s]
\* What the breaker's probe of owner o may answer: the waiters' judgement, from this host.
BreakerProbeAnswers(o) == Judge(o[1] \notin OtherHost, o)
\* Everything but P and the breaker's own state.
BreakerKeeps == <<tmpExists, tmpDir, fence, fenceTmp, stranger, procs, token, seen, target, broke, Keep>>

\* lstat(P), readdir(P) (LockContents): the owner entries to probe; P absent lists nothing.
\* A file that is no owner entry: refused before anything is touched (the run ends, no step).
BreakerReadLockDir ==
    /\ BreakerActs
    /\ breaker.pc = "idle"
    /\ ~(stranger /\ RefuseStrangers)
    /\ breaker' = [pc |-> IF lockDir = {} THEN "scan" ELSE "probe", seen |-> lockDir, target |-> None, broke |-> FALSE]
    /\ Step(BreakerActor, "readdir", lockDir)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, BreakerKeeps>>

\* Probe one listed owner, as a waiter does (ProbeOwner); a dead one is unlinked next.
BreakerProbe ==
    /\ breaker.pc = "probe"
    /\ \E o \in breaker.seen : \E v \in BreakerProbeAnswers(o) :
          /\ breaker' = [breaker EXCEPT
                !.seen = @ \ {o},
                !.target = IF v = "dead" THEN o ELSE None,
                !.pc = CASE v = "dead" -> "unlink"
                         [] breaker.seen = {o} -> IF breaker.broke THEN "rmdir" ELSE "scan"
                         [] OTHER -> "probe"]
          /\ Step(BreakerActor, "probe", <<o, v>>)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, BreakerKeeps>>

\* unlink(P/e) of the owner judged dead (BreakEntry); ENOENT if it is gone already.
BreakerUnlink ==
    /\ breaker.pc = "unlink"
    /\ lockDir' = lockDir \ {breaker.target}
    /\ breaker' = [breaker EXCEPT !.broke = TRUE, !.target = None,
                                  !.pc = IF breaker.seen = {} THEN "rmdir" ELSE "probe"]
    /\ Step(BreakerActor, "unlink", breaker.target)
    /\ UNCHANGED <<lockExists, dirOwner, BreakerKeeps>>

\* rmdir(P) (RmdirLock): only an empty P goes.
BreakerRmdir ==
    /\ breaker.pc = "rmdir"
    /\ RemoveLockDir
    /\ BreakerGoto("scan")
    /\ Step(BreakerActor, "rmdir", "P")
    /\ UNCHANGED <<lockDir, BreakerKeeps>>

\* readdir(parent of P) (ScanTemps): the leftovers of every process.
BreakerLeftovers == {Main(q, round[q]) : q \in {q \in Procs : tmpExists[q] \/ fenceTmp[q].state # "absent"}}
BreakerScan ==
    /\ breaker.pc = "scan"
    /\ breaker' = [breaker EXCEPT !.seen = BreakerLeftovers,
                                  !.pc = IF BreakerLeftovers = {} THEN "idle" ELSE "sweepProbe"]
    /\ Step(BreakerActor, "readdir", "parent")
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, BreakerKeeps>>

\* Probe a leftover's owner (SweepProbe); after the last one, the run ends.
BreakerSweepProbe ==
    /\ breaker.pc = "sweepProbe"
    /\ \E o \in breaker.seen : \E v \in BreakerProbeAnswers(o) :
          /\ breaker' = [breaker EXCEPT
                !.seen = @ \ {o},
                !.target = IF v = "dead" THEN o ELSE None,
                !.pc = CASE v = "dead" -> "sweepEntry"
                         [] breaker.seen = {o} -> "idle"
                         [] OTHER -> "sweepProbe"]
          /\ Step(BreakerActor, "probe", <<o, v>>)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, BreakerKeeps>>

\* unlink(Tq/entry), rmdir(Tq), unlink(fence temp of q) (SweepEntry, SweepTemp, SweepFence).
BreakerSweepEntry ==
    /\ breaker.pc = "sweepEntry"
    /\ tmpDir' = Set(tmpDir, breaker.target[1], tmpDir[breaker.target[1]] \ {breaker.target})
    /\ BreakerGoto("sweepTemp")
    /\ Step(BreakerActor, "unlink", <<"T", breaker.target>>)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, tmpExists, fence, fenceTmp, stranger, procs, token, seen, target, broke, Keep>>

BreakerSweepTemp ==
    /\ breaker.pc = "sweepTemp"
    /\ tmpExists' = Set(tmpExists, breaker.target[1], tmpExists[breaker.target[1]] /\ tmpDir[breaker.target[1]] # {})
    /\ BreakerGoto("sweepFence")
    /\ Step(BreakerActor, "rmdir", <<"T", breaker.target>>)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, tmpDir, fence, fenceTmp, stranger, procs, token, seen, target, broke, Keep>>

BreakerSweepFence ==
    /\ breaker.pc = "sweepFence"
    /\ fenceTmp' = Set(fenceTmp, breaker.target[1], NoFile)
    /\ breaker' = [breaker EXCEPT !.target = None, !.pc = IF breaker.seen = {} THEN "idle" ELSE "sweepProbe"]
    /\ Step(BreakerActor, "unlink", <<"fence temp", breaker.target>>)
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, tmpExists, tmpDir, fence, stranger, procs, token, seen, target, broke, Keep>>

\* The breaker is killed between two steps (crash-stop), or before its first or after its last
\* (a no-op then); a later `fslock break` starts afresh.
BreakerStop ==
    /\ BreakerActs
    /\ breaker' = BreakerIdle
    /\ Step(BreakerActor, "crash", "")
    /\ UNCHANGED <<lockExists, lockDir, dirOwner, BreakerKeeps>>

\* The breaker's steps (enabled only with BreakerActs: the others need a BreakerReadLockDir first).
BreakerStep ==
    \/ BreakerReadLockDir \/ BreakerProbe \/ BreakerUnlink \/ BreakerRmdir
    \/ BreakerScan \/ BreakerSweepProbe \/ BreakerSweepEntry \/ BreakerSweepTemp \/ BreakerSweepFence
    \/ BreakerStop

-----------------------------------------------------------------------------
(****************************** Environment ********************************)

\* Crash-stop: the process never takes another step; its files stay; the kernel drops its locks.
Crash(p) ==
    /\ alive[p]
    /\ pc[p] # "done"
    /\ alive' = Set(alive, p, FALSE)
    /\ entryLocked' = entryLocked \ OwnersOf(p)
    /\ queue' = queue \ {p}
    /\ Step(p, "crash", "")
    /\ UNCHANGED <<disk, pc, round, child, memory, clock, issued>>

\* A live process loses the lock on its entry (models where locks are unreliable: a filesystem
\* without working POSIX locks, or a second descriptor of the file closed in the same process).
LoseEntryLock ==
    /\ EntryLocksCanBeLost
    /\ \E o \in entryLocked :
          /\ entryLocked' = entryLocked \ {o}
          /\ Step(o[1], "lock lost", o)
    /\ UNCHANGED <<disk, procs, memory, clock, queue, issued>>

\* An age-based cleaner deletes P.fence. It does so only after P.fence went unchanged for days, by
\* which time the wall clock has passed every token (tokens grow by one per acquisition from a
\* clock reading in microseconds, and an acquisition takes far more than a microsecond): the
\* cleaner's own reading of the clock exceeds the value it deletes.
CleanFence ==
    /\ FenceCleanerActs
    /\ fence # 0
    /\ \E now \in ClockReadings :
          /\ now >= clock
          /\ now > fence
          /\ clock' = now
    /\ fence' = 0
    /\ Step(<<"cleaner">>, "unlink", "P.fence")
    /\ UNCHANGED <<stranger, lockExists, lockDir, tmpExists, tmpDir, fenceTmp, dirOwner, procs, memory, entryLocked, queue, issued>>

\* Another program creates a file of its own in P (while P exists).
PutStranger ==
    /\ StrangersAppear
    /\ lockExists /\ ~stranger
    /\ stranger' = TRUE
    /\ Step(<<"outsider">>, "create", "P/notes.txt")
    /\ UNCHANGED <<lockExists, lockDir, tmpExists, tmpDir, fence, fenceTmp, dirOwner, procs, memory, Keep>>

\* A person's `fslock break --force`: unlink(P/e) whatever e's owner, then rmdir(P).
OperatorUnlink ==
    /\ OperatorActs
    /\ \E o \in lockDir :
          /\ lockDir' = lockDir \ {o}
          /\ Step(<<"operator">>, "unlink", o)
    /\ UNCHANGED <<stranger, lockExists, tmpExists, tmpDir, fence, fenceTmp, dirOwner, procs, memory, Keep>>

OperatorRmdir ==
    /\ OperatorActs
    /\ lockExists /\ lockDir = {}
    /\ RemoveLockDir
    /\ Step(<<"operator">>, "rmdir", "P")
    /\ UNCHANGED <<stranger, lockDir, tmpExists, tmpDir, fence, fenceTmp, procs, memory, Keep>>

\* The steps a live process is obliged to take (weak fairness); crashing and giving up are not.
ProcStep(p) ==
    \/ Start(p) \/ MkTemp(p) \/ CreateEntry(p) \/ WriteEntry(p) \/ RenameToLock(p)
    \/ CheckEntry(p) \/ DropLock(p) \/ ReadLockDir(p) \/ ProbeOwner(p) \/ BreakEntry(p) \/ RmdirLock(p) \/ Retry(p)
    \/ ScanTemps(p) \/ SweepProbe(p) \/ SweepEntry(p) \/ SweepTemp(p) \/ SweepFence(p)
    \/ AbandonUnlink(p) \/ AbandonRmdir(p)
    \/ ReadFence(p) \/ CreateFenceTmp(p) \/ RenameFence(p) \/ VerifyHeld(p) \/ LeaveCS(p)
    \/ AbortFenceUnlink(p)
    \/ Spawn(p) \/ AddCoOwner(p) \/ AwaitChild(p) \/ RemoveCoOwner(p)
    \/ ReleaseUnlink(p) \/ ReleaseRmdir(p)
    \/ (QueueJoin(p) /\ queue = {}) \/ QueueLeave(p) \/ QueueBehind(p)

ChildStep(p) == ChildStat(p) \/ ChildProbeParent(p) \/ ChildExit(p)

Next ==
    \/ /\ \E p \in Procs :
           \/ alive[p] /\ (ProcStep(p) \/ AbandonStart(p) \/ FenceFailed(p))
           \/ alive[p] /\ (RetryOnTimer(p) \/ QueueJoin(p) \/ QueueBypass(p))
           \/ Crash(p)
           \/ ChildStep(p)
           \/ ChildCrash(p)
       /\ UNCHANGED breaker
    \/ LoseEntryLock \/ CleanFence \/ OperatorUnlink \/ OperatorRmdir \/ PutStranger
    \/ BreakerStep

Fairness ==
    \A p \in Procs : WF_vars(alive[p] /\ ProcStep(p) /\ UNCHANGED breaker) /\ WF_vars(ChildStep(p) /\ UNCHANGED breaker)

Spec == Init /\ [][Next]_vars /\ Fairness

\* The same, with the queue's wait sure to time out: a waiter that is not the head cannot sleep on
\* NAME.queue for ever (the bypass is weakly fair).
SpecWithQueueTimeout ==
    Spec /\ \A p \in Procs : WF_vars(alive[p] /\ QueueBypass(p) /\ p \notin queue /\ queue # {} /\ UNCHANGED breaker)

-----------------------------------------------------------------------------
(******************************* Properties ********************************)

TypeOK ==
    /\ lockExists \in BOOLEAN
    /\ lockDir \subseteq Owners
    /\ tmpExists \in [Procs -> BOOLEAN]
    /\ tmpDir \in [Procs -> SUBSET Owners]
    /\ fence \in 0..MaxToken
    /\ fenceTmp \in [Procs -> [state : {"absent", "written"}, value : 0..MaxToken]]
    /\ stranger \in BOOLEAN
    /\ dirOwner \in Procs \cup {"none"}
    /\ entryLocked \subseteq {o \in Owners : o[2] = "main"}
    /\ clock \in ClockReadings \cup {0}
    /\ queue \subseteq Procs
    /\ issued \in 0..MaxToken
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]
    /\ round \in [Procs -> 0..MaxRounds]
    /\ child \in [Procs -> ChildStates]
    /\ token \in [Procs -> 0..MaxToken]
    /\ seen \in [Procs -> SUBSET Owners]
    /\ target \in [Procs -> Owners \cup {None}]
    /\ broke \in [Procs -> BOOLEAN]
    /\ breaker \in [pc : {"idle", "probe", "unlink", "rmdir", "scan", "sweepProbe", "sweepEntry", "sweepTemp", "sweepFence"},
                    seen : SUBSET Owners, target : Owners \cup {None}, broke : BOOLEAN]

\* Entries live in directories that exist.
DirsHoldEntriesOnlyWhenPresent ==
    /\ lockDir # {} => lockExists
    /\ \A p \in Procs : tmpDir[p] # {} => tmpExists[p]

\* p (or the command it runs) is inside the critical section: it believes it holds the lock.
Holding(p) == alive[p] /\ pc[p] \in HoldStates
Inside(p) == Holding(p) \/ child[p] = "running"

\* MutualExclusion: no two processes are inside at once (a holder and its own child share the lock).
MutualExclusion == \A p, q \in Procs : p # q => ~(Inside(p) /\ Inside(q))

\* A live holder never loses its lock: its owner entry (and its running child's) stays in P.
LiveHolderKeepsEntry ==
    \A p \in Procs :
        /\ Holding(p) => Main(p, round[p]) \in lockDir
        /\ child[p] = "running" => Child(p, round[p]) \in lockDir

\* The entries in P always come from one acquisition: one rename, plus that holder's co-owners.
\* (Part of IInv, the inductive strengthening of MutualExclusion below.)
SingleAcquisition ==
    \A o1, o2 \in lockDir : o1[1] = o2[1] /\ o1[3] = o2[3]

\* A holder that got its fencing token (token 0 = none: the fence failed) has the largest one
\* handed out so far, which P.fence holds (unless a cleaner deleted it since).
FenceStates == {"readFence", "createFenceTmp", "renameFence", "verifyHeld", "abortFence"}
FencingTokenCurrent ==
    \A p \in Procs :
        (Inside(p) /\ pc[p] \notin FenceStates /\ token[p] # 0) => token[p] = issued /\ fence \in {issued, 0}

\* P.fence only goes back when it is deleted.
FenceNeverDecreases == [][fence' < fence => fence' = 0]_fence

\* Every token handed out (after VerifyHeld) is larger than every token handed out before it, also
\* after P.fence was deleted by a cleaner.
TokensStrictlyIncrease ==
    [][\A p \in Procs : (pc[p] = "verifyHeld" /\ pc'[p] \in {"spawn", "cs"}) => token[p] > issued]_vars

\* Nothing fslock did not make is removed: once another program's file is in P, it and P stay.
StrangerKept == [][stranger => stranger' /\ lockExists']_vars

\* A co-owner's entry is only ever in the directory its holder's rename put at P: a command never
\* runs inside another holder's lock (models with a person breaking locks by force check it).
CoOwnersJoinTheirHoldersLock ==
    \A o \in lockDir : o[2] = "child" => dirOwner = o[1]

\* An owner whose liveness cannot be judged is never broken: an entry is removed only by its own
\* process or by a process of the same host.
UnknownNeverBroken ==
    [][\A o \in lockDir \ lockDir' :
          \/ lastStep'[1] \in Procs /\ (lastStep'[1] = o[1] \/ SameHost(lastStep'[1], o[1]))
          \/ lastStep'[1] = BreakerActor /\ o[1] \notin OtherHost]_vars

\* Progress (deadlock freedom): while live processes try, one of them eventually holds the lock,
\* also after a holder crashed. Trying ends by holding, giving up, or crashing.
Trying(p) == alive[p] /\ pc[p] \in AcquireStates
Progress == (\E p \in Procs : Trying(p)) ~> ((\E q \in Procs : Holding(q)) \/ (\A q \in Procs : ~Trying(q)))

\* No overtaking (what the fresh acquirers' look at the queue buys, where nobody bypasses it): while
\* a head waits for the lock, no other process's rename onto P succeeds. (With the bypass, a waiter
\* whose wait timed out may overtake: the property is checked with QueueBypass disabled.)
HeadNotOvertaken ==
    [][\A p, q \in Procs :
          ~(p # q /\ p \in queue /\ pc[p] \in AcquireStates /\ pc[q] = "rename" /\ pc'[q] = "checkEntry")]_vars

\* A lock path that is not a lock is never waited on forever: whoever tries gives up.
StrangerRefused == \A p \in Procs : (Trying(p) /\ stranger) ~> ~Trying(p)

\* A lock held by a crashed process is eventually broken while others still want it.
DeadHolderBroken ==
    \A p \in Procs :
        (~alive[p] /\ Main(p, round[p]) \in lockDir /\ \E q \in Procs : Trying(q))
            ~> (Main(p, round[p]) \notin lockDir \/ \A q \in Procs : ~Trying(q))

-----------------------------------------------------------------------------
(************************* An inductive invariant **************************)
(* IInv strengthens the safety properties until it is inductive: Init      *)
(* implies it, every step of Next from a state that satisfies it leads to  *)
(* a state that satisfies it, and it implies MutualExclusion,              *)
(* LiveHolderKeepsEntry, SingleAcquisition, FencingTokenCurrent and        *)
(* CoOwnersJoinTheirHoldersLock (and TokensStrictlyIncrease,               *)
(* FenceNeverDecreases and UnknownNeverBroken hold for every step from     *)
(* it). TLC checks the step for bounded models: ISpec from every           *)
(* type-correct state that satisfies IInv (MCFsLockIInv.tla, the Bakery    *)
(* pattern of the TLA+ Examples). docs/protocol.md section 8 argues it for *)
(* any number of processes, action by action, with the names of the        *)
(* conjuncts below; each conjunct's comment says why it holds.             *)
(*                                                                         *)
(* IInv is the invariant of the protocol as configured above: /proc never  *)
(* calls a live process dead (ProcAnswers), owners lock their entries and  *)
(* never lose the lock, no fence cleaner, no operator. Under the variants  *)
(* of MCFsLockVariants.tla some conjuncts no longer hold, which is what    *)
(* the variants' counterexamples show:                                     *)
(*   - a lying /proc without the veto: IIDeadTargets (a live owner becomes *)
(*     a target), and with it IILiveAcquirerTempDir (a live acquirer's T   *)
(*     swept), IIHoldersKeepEntries (a live holder's entry broken) and     *)
(*     IIControl (DropLock and the ENOENT branches become reachable);      *)
(*   - a lying /proc with the veto: IIDeadTargets weakens to "dead for     *)
(*     good, or an owner whose entry is not locked": an acquirer before    *)
(*     WriteEntry (so IILiveAcquirerTempDir and IIControl fail, which      *)
(*     CheckEntry and DropLock handle) and a child of fslock run, which    *)
(*     holds no lock (so IIHoldersKeepEntries fails for children:          *)
(*     MCFsLockFalseSuspicionRun); live holders' own entries keep their    *)
(*     lock and stay;                                                      *)
(*   - entry locks that can be lost: IIEntryLocks (and then as without the *)
(*     veto). Without entry locks but with a sound /proc, IInv still       *)
(*     holds: IIEntryLocks only says entryLocked = {} then;                *)
(*   - an operator (fslock break --force): IIHoldersKeepEntries and        *)
(*     IIControl (a holder whose entry was removed reaches DropLock, or    *)
(*     VerifyHeld's release branch with token 0, which is what keeps       *)
(*     TokensStrictlyIncrease there); IILockDirOfOneAcquisition still      *)
(*     holds, because AddCoOwner adds only                                 *)
(*     into the directory of dirOwner;                                     *)
(*   - a fence cleaner: IIFenceCount's issued <= fence and IIFenceTokens'  *)
(*     token = fence fail once P.fence is deleted (fence = 0), and a new   *)
(*     token exceeds issued only through the clock floor (CleanFence needs *)
(*     a clock reading above the value it deletes);                        *)
(*   - another program's file in P (StrangersAppear): IIStranger allows    *)
(*     it, and the rest is unchanged, since a stranger only disables the   *)
(*     rename onto P and the rmdir of P, and sends readers to give up.     *)
(***************************************************************************)

\* Groups of program counters that the conjuncts talk about.
\* Renamed onto P in this round, own entry not yet unlinked.
InLockStates == {"checkEntry"} \cup HoldStates
\* After CreateEntry and before the rename: the entry is in T (its kernel lock taken from "rename" on).
TempEntryStates == {"writeEntry", "tryQueue", "rename", "readLock", "probe", "breakEntry", "rmdirLock", "wait"}
\* Sweeping, either before mkdir(T) (from "sweepFirst") or while waiting (T and its entry exist).
SweepStates == {"sweepProbe", "sweepEntry", "sweepTemp", "sweepFence"}
\* Where T may exist.
TempStates == {"createEntry", "abandonUnlink", "abandonRmdir"} \cup TempEntryStates \cup SweepStates
\* fslock run's steps of the holder; the states of a child process that has not exited.
ChildPcs == {"spawn", "addCoOwner", "awaitChild", "removeCoOwner"}
LiveChildStates == {"statEntry", "probeParent", "running"}
\* Where seen may be non-empty, and where target is set.
ObservingStates == {"probe", "breakEntry"} \cup SweepStates
TargetStates == {"breakEntry", "sweepEntry", "sweepTemp", "sweepFence"}
\* The current acquisition has not renamed a fence temp onto P.fence (yet).
BeforeFenceRename == AcquireStates \cup {"readFence", "createFenceTmp", "renameFence"}
\* A holder that got its token and has not begun to release.
TokenStates == {"cs", "spawn", "addCoOwner", "awaitChild", "removeCoOwner"}

\* The directory at P is p's and is not empty.
HoldsLockDir(p) == lockDir # {} /\ dirOwner = p

\* An owner that a process may have listed: its acquisition has begun, and a child owner of the
\* current round has been spawned (so that its "not running" cannot later turn into "running").
Observed(o) ==
    /\ o[3] <= round[o[1]]
    /\ o[2] = "child" => WithChild /\ (o[3] = round[o[1]] => child[o[1]] # "none")

\* An owner that is dead and stays dead: a crashed process, or a child whose round is over or whose
\* command has exited.
GoneForGood(o) ==
    IF o[2] = "main" THEN ~alive[o[1]]
    ELSE o[3] < round[o[1]] \/ child[o[1]] = "exited"

\* The acquisitions that may have renamed a fence temp onto P.fence: every earlier round of a process,
\* and its current one once past "renameFence" (a release after a failed fence counts too: an upper
\* bound).
FencedAcquisitions ==
    {a \in Procs \X Rounds : a[2] < round[a[1]] \/ (a[2] = round[a[1]] /\ pc[a[1]] \notin BeforeFenceRename)}

(***************************************************************************)
(* IIControl. Each process is at a step its program reaches, with a child  *)
(* in a state that fits that step. Why: read off the actions. Start is the *)
(* only step from "idle" and the only one that changes round, and it       *)
(* resets child; no step goes to "scanTemps", nor to "tryQueue" unless   *)
(* fresh acquirers look at the queue (WriteEntry); "dropLock" follows      *)
(* CheckEntry only when p's entry is missing from P, which                 *)
(* IIHoldersKeepEntries excludes; VerifyHeld (which finds its entry, by    *)
(* IIHoldersKeepEntries) goes to "spawn" if WithChild, else to "cs"; the   *)
(* child leaves "none" only by Spawn and                                   *)
(* reaches "running" only by ChildStat finding its entry, which AddCoOwner *)
(* creates on the way to "awaitChild"; AwaitChild needs "exited"; Crash is *)
(* not allowed from "done". Stated on values, so that TLC can enumerate    *)
(* the processes one at a time.                                            *)
(***************************************************************************)

ControlAt(s, a, r, c) ==
    /\ s \notin {"scanTemps", "dropLock"}
    /\ ~FreshAcquirersQueue => s # "tryQueue"
    /\ r = 0 => s = "idle" /\ c = "none"
    /\ s = "done" => r = MaxRounds /\ a
    /\ WithChild => s # "cs"
    /\ ~WithChild => s \notin ChildPcs /\ c = "none"
    /\ s \in BeforeFenceRename \cup {"verifyHeld", "abortFence", "cs", "spawn"} => c = "none"
    /\ s = "addCoOwner" => c \in {"statEntry", "probeParent", "exited"}
    /\ s = "awaitChild" => c # "none"
    /\ s = "removeCoOwner" => c = "exited"
    /\ s \notin {"addCoOwner", "awaitChild"} => c \in {"none", "exited"}

IIControl == \A p \in Procs : ControlAt(pc[p], alive[p], round[p], child[p])

(***************************************************************************)
(* IILockDirOfOneAcquisition. P exists exactly while a rename has put a    *)
(* directory there (dirOwner), and every entry in P belongs to the current *)
(* round of dirOwner: its main entry while dirOwner is in InLockStates,    *)
(* its child's while dirOwner waits for the child or removes its entry.    *)
(* Why: entries enter P only (a) by RenameToLock, which needs lockDir =    *)
(* {}, brings exactly Main(p, round[p]) (IILiveAcquirerTempDir) and sets   *)
(* dirOwner to p, who goes to "checkEntry"; (b) by AddCoOwner, only into   *)
(* p's own directory (dirOwner = p), in round[p], on the way to            *)
(* "awaitChild". dirOwner leaves InLockStates only by ReleaseUnlink, which *)
(* removes its main entry, and leaves awaitChild/removeCoOwner only by     *)
(* RemoveCoOwner, which removes its child's; round changes only at Start,  *)
(* from "idle". P disappears only by rmdir of an empty P (RemoveLockDir),  *)
(* which resets dirOwner. Implies SingleAcquisition and                    *)
(* CoOwnersJoinTheirHoldersLock.                                           *)
(***************************************************************************)

IILockDirOfOneAcquisition ==
    /\ lockExists <=> dirOwner # "none"
    /\ \A o \in lockDir :
          /\ o[1] = dirOwner
          /\ o[3] = round[o[1]]
          /\ o[2] = "main" => pc[o[1]] \in InLockStates
          /\ o[2] = "child" => pc[o[1]] \in {"awaitChild", "removeCoOwner"}

(***************************************************************************)
(* IIHoldersKeepEntries. A live process that renamed onto P keeps its      *)
(* entry there until its own ReleaseUnlink, and a spawned child that has   *)
(* not exited keeps its entry while its parent waits for it. Why: the      *)
(* entry gets there by the rename that leads to "checkEntry"               *)
(* (IILiveAcquirerTempDir) and by AddCoOwner, which a live p at            *)
(* "addCoOwner" takes into its own directory (by this conjunct and         *)
(* IILockDirOfOneAcquisition, dirOwner = p). The only other removal of an  *)
(* entry from P is BreakEntry of target[q], which is GoneForGood           *)
(* (IIDeadTargets): neither a live process nor a child of the current      *)
(* round that has not exited. With IILockDirOfOneAcquisition it gives      *)
(* MutualExclusion: two processes inside would both have entries in P, and *)
(* every entry in P is dirOwner's.                                         *)
(***************************************************************************)

IIHoldersKeepEntries ==
    \A p \in Procs :
        /\ alive[p] /\ pc[p] \in InLockStates => Main(p, round[p]) \in lockDir
        /\ pc[p] = "awaitChild" /\ child[p] \in LiveChildStates => Child(p, round[p]) \in lockDir

(***************************************************************************)
(* IITempDirs. T holds nothing but p's current entry, and exists only      *)
(* between mkdir(T) and the rename or the give-up. Why: only p creates T   *)
(* and T/me (MkTemp, CreateEntry), in round[p]; RenameToLock moves T onto  *)
(* P; AbandonUnlink empties T and AbandonRmdir removes it; other processes *)
(* only remove things (SweepEntry an entry, SweepTemp an empty T). round   *)
(* changes only at Start, from "idle", where there is no T.                *)
(***************************************************************************)

IITempDirs ==
    \A p \in Procs :
        /\ tmpDir[p] \subseteq {Main(p, round[p])}
        /\ tmpExists[p] => pc[p] \in TempStates
        /\ tmpDir[p] # {} => tmpExists[p] /\ pc[p] \in TempEntryStates \cup SweepStates \cup {"abandonUnlink"}

(***************************************************************************)
(* IILiveAcquirerTempDir. A live acquirer has its T, empty at              *)
(* "createEntry", with exactly its own entry in it from create until a     *)
(* successful rename (while sweeping, it has T exactly when it came from   *)
(* "wait", with its entry). So a successful rename brings its entry into   *)
(* P. Why: p's own steps make it so (MkTemp, CreateEntry, and no step of p *)
(* removes T before the rename or the give-up), and the only steps of      *)
(* others on T, SweepEntry and SweepTemp, are taken on a target that is    *)
(* GoneForGood (IIDeadTargets): never a live p.                            *)
(***************************************************************************)

IILiveAcquirerTempDir ==
    \A p \in Procs :
        alive[p] =>
            /\ pc[p] = "createEntry" => tmpExists[p] /\ tmpDir[p] = {}
            /\ pc[p] \in TempEntryStates => tmpDir[p] = {Main(p, round[p])}
            /\ pc[p] \in SweepStates => (tmpExists[p] <=> tmpDir[p] # {})

(***************************************************************************)
(* IIEntryLocks. A kernel lock is held only on the current entry of a live *)
(* process, in T or in P, and every live owner holds it from WriteEntry    *)
(* until the entry is unlinked. Why: WriteEntry takes it on the entry in   *)
(* T; ReleaseUnlink and AbandonUnlink drop it with the unlink; Crash drops *)
(* all of a process's locks; nothing else changes entryLocked (no          *)
(* LoseEntryLock by default). So a locked entry's owner is alive, and the  *)
(* veto in ProbeAnswers agrees with /proc. While /proc is sound,           *)
(* MutualExclusion does not need this conjunct (TLC finds IInv inductive   *)
(* without it); it is the one the variants with a lying /proc rest on.     *)
(***************************************************************************)

IIEntryLocks ==
    /\ \A o \in entryLocked :
          /\ alive[o[1]]
          /\ o = Main(o[1], round[o[1]])
          /\ pc[o[1]] # "writeEntry"
          /\ pc[o[1]] \in InLockStates \/ o \in tmpDir[o[1]]
    /\ UsesEntryLocks =>
          \A p \in Procs :
              /\ alive[p]
              /\ \/ pc[p] \in InLockStates
                 \/ Main(p, round[p]) \in tmpDir[p] /\ pc[p] \notin {"writeEntry", "abandonUnlink"}
              => Main(p, round[p]) \in entryLocked

(***************************************************************************)
(* IIFenceCount. P.fence is at least the last token handed out (issued <=  *)
(* fence: it is larger between a holder's RenameFence and its VerifyHeld,  *)
(* and stays larger if that holder crashes or its fence fails there), and  *)
(* there was at most one fence value per acquisition that got past its     *)
(* fence rename, counted from the clock's largest reading. With            *)
(* ClockReadings = {0}, as here, fence values are the counts 1, 2, ...,    *)
(* fence, and fence is at most the number of completed fence renames (an   *)
(* upper bound: the state does not say which releases followed a failed    *)
(* fence). Why: only RenameFence writes P.fence, to the value of the fence *)
(* temp of a live p at "renameFence", which is NextToken(fence, c) <=      *)
(* Max(fence + 1, MaxClock) (IIFenceTokens), as p's acquisition joins      *)
(* FencedAcquisitions; only VerifyHeld writes issued, to the token of a    *)
(* live holder at "verifyHeld", which is fence (IIFenceTokens). No         *)
(* CleanFence by default. This bound is also what keeps the tokens of      *)
(* TLC's models within 0..MaxToken.                                        *)
(***************************************************************************)

IIFenceCount ==
    /\ issued <= fence
    /\ fence <= MaxClock + Cardinality(FencedAcquisitions)

(***************************************************************************)
(* IIFenceTokens. No token exceeds the fence; a fence temp exists only at  *)
(* "renameFence" or "abortFence"; and while p's entries are in P, p's      *)
(* token is the current one: it read the fence, a live p's fence temp      *)
(* holds NextToken(fence, c) > fence, once renamed p's token is the new    *)
(* fence, above issued until VerifyHeld, and from then on it is issued and *)
(* the fence (or 0 after a failed fence). Why: only RenameFence changes    *)
(* the fence and only VerifyHeld changes issued, each taken only by a live *)
(* process at that step, whose entry is in P (IIHoldersKeepEntries), so    *)
(* only dirOwner: nobody changes them between the holder's ReadFence and   *)
(* its release while the holder's (or its child's) entry keeps P           *)
(* non-empty. ReadFence, RenameFence and FenceFailed set token to fence,   *)
(* to the new fence and to 0; VerifyHeld finds its entry (by default       *)
(* nobody removes a live holder's: IIHoldersKeepEntries) and sets issued   *)
(* to its token; CreateFenceTmp creates the temp, AbortFenceUnlink removes *)
(* it, and a sweep removes only a dead process's. With StrictClock,        *)
(* CreateFenceTmp has fewer choices, which keeps all of this. Implies      *)
(* FencingTokenCurrent, and TokensStrictlyIncrease for the step from       *)
(* "verifyHeld".                                                           *)
(***************************************************************************)

IIFenceTokens ==
    \A p \in Procs :
        /\ token[p] <= fence
        /\ fenceTmp[p] # NoFile => fenceTmp[p].state = "written" /\ pc[p] \in {"renameFence", "abortFence"}
        /\ pc[p] = "abortFence" => token[p] = 0
        /\ HoldsLockDir(p) /\ pc[p] \in {"createFenceTmp", "renameFence", "verifyHeld"} => token[p] = fence
        /\ HoldsLockDir(p) /\ pc[p] = "verifyHeld" => token[p] > issued
        /\ HoldsLockDir(p) /\ pc[p] \in TokenStates => token[p] = issued /\ issued = fence
        /\ HoldsLockDir(p) /\ pc[p] = "releaseUnlink" => token[p] = 0 \/ (token[p] = issued /\ issued = fence)
        /\ alive[p] /\ pc[p] = "renameFence" =>
              /\ fenceTmp[p].state = "written"
              /\ \E c \in ClockReadings : fenceTmp[p].value = NextToken(token[p], c)

(***************************************************************************)
(* IIObservations. What a prober or sweeper has listed and not yet probed  *)
(* (seen) are owners of other processes that exist or existed (Observed);  *)
(* a sweeper lists only main owners (temp dirs and fence temps are named   *)
(* after them), and seen is empty outside the probing and sweeping steps.  *)
(* Why: ReadLockDir copies lockDir, whose entries are dirOwner's current   *)
(* ones (IILockDirOfOneAcquisition), and p is not dirOwner there (p is not *)
(* in InLockStates; a child entry means dirOwner is at awaitChild or       *)
(* removeCoOwner, past Spawn); ScanTemps lists Main(q, round[q]) of other  *)
(* processes q that have a T or a fence temp, so round[q] >= 1             *)
(* (IIControl); rounds only grow, and a child leaves "none" only by Spawn; *)
(* every step to a state outside ObservingStates empties seen.             *)
(***************************************************************************)

IIObservations ==
    \A p \in Procs :
        /\ pc[p] \notin ObservingStates => seen[p] = {}
        /\ pc[p] \in {"probe", "sweepProbe"} => seen[p] # {}
        /\ \A o \in seen[p] :
              /\ o[1] # p
              /\ Observed(o)
              /\ pc[p] \in SweepStates => o[2] = "main"

(***************************************************************************)
(* IIDeadTargets. Whatever a breaker or sweeper is about to remove belongs *)
(* to an owner of another process that it can judge (same host) and that   *)
(* is dead for good. Why: target is set only by ProbeOwner and SweepProbe  *)
(* on a "dead" answer about an owner in seen, and ProbeAnswers answers     *)
(* "dead" only on the same host, for an entry nobody locks, when /proc     *)
(* says so: by the failure detector's contract (ProcAnswers), only if      *)
(* ~ProcessAlive(o). For an Observed owner that means GoneForGood, which   *)
(* no step undoes: a process never comes back to life, and a child that    *)
(* exited or belongs to an earlier round stays so (only Start resets       *)
(* child, and it moves round past the child's). target is cleared by       *)
(* BreakEntry, SweepFence and AbandonStart, the steps that leave these     *)
(* states.                                                                 *)
(***************************************************************************)

IIDeadTargets ==
    \A p \in Procs :
        /\ target[p] = None <=> pc[p] \notin TargetStates
        /\ pc[p] \in TargetStates =>
              /\ target[p][1] # p
              /\ SameHost(p, target[p][1])
              /\ Observed(target[p])
              /\ GoneForGood(target[p])
              /\ pc[p] # "breakEntry" => target[p][2] = "main"

(***************************************************************************)
(* IIStranger. A file that is no owner entry is in P only where another    *)
(* program may put one (StrangersAppear; not by default), and only while P *)
(* exists. Why: only PutStranger sets stranger, and needs StrangersAppear  *)
(* and P; nothing of fslock removes that file, and rmdir of P fails while  *)
(* it is there (RemoveLockDir), so P and dirOwner stay. A stranger only    *)
(* disables steps (RenameToLock onto P) or sends a reader to give up       *)
(* (ReadLockDir), from "readLock", where p has no entry in P.              *)
(***************************************************************************)

IIStranger == stranger => StrangersAppear /\ lockExists

(***************************************************************************)
(* IIQueue. Only live processes hold NAME.queue's lock, none without       *)
(* UsesQueue, and at most one unless the file can be replaced. Why: only   *)
(* QueueJoin adds to queue, for a live process (Next), with UsesQueue, and *)
(* into an empty queue unless QueueOrderCanBeLost; Crash removes the       *)
(* process. No other conjunct mentions queue: the queue only disables      *)
(* steps (Retry, ScanTemps from "wait", Start, the first rename), and its  *)
(* own steps change nothing else but a fresh acquirer's pc, from           *)
(* "tryQueue" to "rename" or "wait": all three in TempEntryStates, where   *)
(* the other conjuncts ask the same of T and the entry's lock; so every    *)
(* other conjunct's argument is unchanged.                                 *)
(***************************************************************************)

IIQueue ==
    /\ \A q \in queue : alive[q]
    /\ ~UsesQueue => queue = {}
    /\ ~QueueOrderCanBeLost => Cardinality(queue) <= 1

IInv ==
    /\ TypeOK
    /\ IIControl
    /\ IIStranger
    /\ IIQueue
    /\ IILockDirOfOneAcquisition
    /\ IIHoldersKeepEntries
    /\ IITempDirs
    /\ IILiveAcquirerTempDir
    /\ IIEntryLocks
    /\ IIFenceCount
    /\ IIFenceTokens
    /\ IIObservations
    /\ IIDeadTargets

\* The behaviours that start in any state satisfying IInv. IInv is inductive iff it is an invariant of
\* ISpec; TLC checks that from every state of a bounded model (MCFsLockIInv.tla). lastStep is left free:
\* it is history for traces (View leaves it out) and no step reads it.
ISpec == IInv /\ [][Next]_vars
=============================================================================
