----------------------------- MODULE SeedUnlink -----------------------------
(***************************************************************************)
(* The seed's original lock (before the pull request), as a model that    *)
(* TLC must find broken. docs/counterexamples.md tells the story.          *)
(*                                                                         *)
(*   acquire  open(P, O_CREAT|O_EXCL), then write {pid, createdAt} into   *)
(*            it (a separate call). On EEXIST: read P; if the pid in it    *)
(*            is dead (kill(pid, 0) = ESRCH), unlink(P) and retry.         *)
(*   release  unlink(P), unconditionally.                                  *)
(*                                                                         *)
(* The flaw: "P holds a dead pid" is observed at one instant and acted on *)
(* (unlink the path P) at a later one; by then P may be another, live     *)
(* process's file, and unlink(P) removes whatever P names.                 *)
(*                                                                         *)
(* Granularity and faults as in FsLock.tla: every step is one system call *)
(* (or one kill(pid, 0) probe) of one process; the decision taken on its  *)
(* result is part of the step. Any process may crash between any two      *)
(* steps (crash-stop: it takes no further step; its file stays). The      *)
(* probe is a perfect failure detector: ESRCH exactly for crashed pids     *)
(* (same host, no pid reuse).                                              *)
(*                                                                         *)
(* Files: a process creates P successfully at most once per acquisition   *)
(* and acquires once, so the file it created is named after it: the value *)
(* of `lock` is the identity (the inode) of the file at P, and also the   *)
(* pid written into it once `written` says so. A write goes to the file   *)
(* the writer opened, wherever that file now is.                          *)
(*                                                                         *)
(* Choices that favour the seed: a file whose content is still empty is   *)
(* treated as held by a live process (wait, never break it); a probe that *)
(* says "alive" makes the process wait and retry. Neither affects the     *)
(* counterexample.                                                         *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Procs,   \* the processes that use the lock; each acquires once
    NoFile   \* a model value: "no file" (P absent)

ASSUME NoFile \notin Procs

\* Where a process is: the step it takes next.
\*   open     open(P, O_CREAT|O_EXCL)            read   read(P), EEXIST path
\*   write    write(fd, {pid, createdAt})        probe  kill(pid, 0)
\*   cs       inside; its next step is release  unlink unlink(P) of a stale file
\*   done     released
PcStates == {"open", "write", "cs", "read", "probe", "unlink", "done"}

\* The steps during which a process believes it holds the lock: from the moment
\* open(O_EXCL) succeeded until its release call.
HoldStates == {"write", "cs"}

VARIABLES
    lock,      \* the file at path P: the process that created it, or NoFile
    written,   \* written[q]: the file q created holds q's pid (else it is empty)
    pc,        \* pc[p]: the step p takes next
    alive,     \* alive[p]: FALSE once p has crashed
    seenPid,   \* seenPid[p]: the pid p read from P (NoFile before)
    lastStep   \* <<actor, action, <<arguments, result>>>> of the last step (history only)

vars == <<lock, written, pc, alive, seenPid, lastStep>>

\* The state without its history (configs use VIEW View).
View == <<lock, written, pc, alive, seenPid>>

Step(actor, action, args, result) == lastStep' = <<actor, action, <<args, result>>>>
Goto(p, s) == pc' = [pc EXCEPT ![p] = s]
\* p is alive and its next step is s.
Ready(p, s) == alive[p] /\ pc[p] = s

\* The pid p writes into its file and compares with the pid it reads: one per process here.
\* MCSeedUnlinkVariants can make Procs the threads of one process (PidOf <- OnePid).
PidOf(p) == p

-----------------------------------------------------------------------------
(* Initial state: P absent; every process about to try.                    *)
Init ==
    /\ lock = NoFile
    /\ written = [q \in Procs |-> FALSE]
    /\ pc = [p \in Procs |-> "open"]
    /\ alive = [p \in Procs |-> TRUE]
    /\ seenPid = [p \in Procs |-> NoFile]
    /\ lastStep = <<"-", "init", <<"", "">>>>

\* open(P, O_CREAT|O_EXCL): creates P (empty) if absent, else EEXIST.
Open(p) ==
    /\ Ready(p, "open")
    /\ IF lock = NoFile
       THEN /\ lock' = p
            /\ Goto(p, "write")
            /\ Step(p, "open", "P, O_CREAT|O_EXCL", "ok")
       ELSE /\ Goto(p, "read")
            /\ Step(p, "open", "P, O_CREAT|O_EXCL", "EEXIST")
            /\ UNCHANGED lock
    /\ UNCHANGED <<written, alive, seenPid>>

\* write(fd, {pid, createdAt}): into the file p created, even if P no longer names it.
Write(p) ==
    /\ Ready(p, "write")
    /\ written' = [written EXCEPT ![p] = TRUE]
    /\ Goto(p, "cs")
    /\ Step(p, "write", "fd", [pid |-> PidOf(p)])
    /\ UNCHANGED <<lock, alive, seenPid>>

\* Does p, reading its own pid from P, take the lock as already its own (a "reentrant" lock that
\* identifies its owner by pid)? The seed: no. MCSeedUnlinkVariants: OwnPidIsMine <- Enabled.
OwnPidIsMine == FALSE

\* Is a lock file whose content is still empty (created, not yet written) judged stale? The seed:
\* no, it waits. MCSeedUnlinkVariants overrides it (EmptyIsStale <- Enabled): a lock that reads an
\* empty or unparsable file as "no live owner" (the create-then-write gap).
EmptyIsStale == FALSE

\* read(P): ENOENT -> retry open; empty -> wait and retry (or, if EmptyIsStale, unlink it);
\* else remember the pid.
Read(p) ==
    /\ Ready(p, "read")
    /\ CASE lock = NoFile ->
              /\ Goto(p, "open")
              /\ Step(p, "read", "P", "ENOENT")
              /\ UNCHANGED seenPid
         [] ~written[lock] /\ ~EmptyIsStale ->
              /\ Goto(p, "open")
              /\ Step(p, "read", "P", "empty")
              /\ UNCHANGED seenPid
         [] ~written[lock] ->
              /\ Goto(p, "unlink")
              /\ Step(p, "read", "P", "empty: stale")
              /\ UNCHANGED seenPid
         [] OwnPidIsMine /\ PidOf(lock) = PidOf(p) ->
              /\ Goto(p, "cs")
              /\ Step(p, "read", "P", [pid |-> PidOf(lock), mine |-> TRUE])
              /\ UNCHANGED seenPid
         [] OTHER ->
              /\ seenPid' = [seenPid EXCEPT ![p] = lock]
              /\ Goto(p, "probe")
              /\ Step(p, "read", "P", [pid |-> PidOf(lock)])
    /\ UNCHANGED <<lock, written, alive>>

\* Does p's kill(q's pid, 0) find q? The seed: exactly while q lives (same host and PID
\* namespace). MCSeedUnlinkVariants: a pid looked up in another PID namespace (ProbeFinds <- SameNamespaceOnly).
ProbeFinds(p, q) == alive[q]

\* kill(pid, 0): ESRCH (dead) -> unlink P; alive -> wait and retry.
Probe(p) ==
    /\ Ready(p, "probe")
    /\ IF ProbeFinds(p, seenPid[p])
       THEN /\ Goto(p, "open")
            /\ Step(p, "kill", <<seenPid[p], 0>>, "ok (alive)")
       ELSE /\ Goto(p, "unlink")
            /\ Step(p, "kill", <<seenPid[p], 0>>, "ESRCH (dead)")
    /\ UNCHANGED <<lock, written, alive, seenPid>>

\* unlink(P): removes whatever file P names now (ENOENT if none), then retry.
Unlink(p) ==
    /\ Ready(p, "unlink")
    /\ lock' = NoFile
    /\ Goto(p, "open")
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<written, alive, seenPid>>

\* Release: unlink(P), unconditionally.
Release(p) ==
    /\ Ready(p, "cs")
    /\ lock' = NoFile
    /\ Goto(p, "done")
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<written, alive, seenPid>>

\* Crash-stop: p takes no further step; its file stays.
Crash(p) ==
    /\ alive[p]
    /\ pc[p] # "done"
    /\ alive' = [alive EXCEPT ![p] = FALSE]
    /\ Step(p, "crash", "", "")
    /\ UNCHANGED <<lock, written, pc, seenPid>>

Next ==
    \E p \in Procs :
        Open(p) \/ Write(p) \/ Read(p) \/ Probe(p) \/ Unlink(p) \/ Release(p) \/ Crash(p)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties.                                                             *)

TypeOK ==
    /\ lock \in Procs \cup {NoFile}
    /\ written \in [Procs -> BOOLEAN]
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]
    /\ seenPid \in [Procs -> Procs \cup {NoFile}]

\* p is inside the critical section: it is alive and believes it holds the lock.
Inside(p) == alive[p] /\ pc[p] \in HoldStates

\* MutualExclusion: no two processes are inside at once. TLC must find it violated.
MutualExclusion == \A p, q \in Procs : p # q => ~(Inside(p) /\ Inside(q))
=============================================================================
