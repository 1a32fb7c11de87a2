-------------------------- MODULE SeedRenameSteal --------------------------
(***************************************************************************)
(* The seed's pull request ("atomic lock stealing via renameSync"), as a   *)
(* model that TLC must find broken. docs/counterexamples.md tells the     *)
(* story.                                                                  *)
(*                                                                         *)
(*   acquire  open(P, O_CREAT|O_EXCL), then write {pid, createdAt} into   *)
(*            it (a separate call). On EEXIST: read P; if the pid in it    *)
(*            is dead (kill(pid, 0) = ESRCH), rename(P, P.tmp-<me>), and   *)
(*            if that succeeded unlink(P.tmp-<me>); then retry. ENOENT     *)
(*            from the rename means another contender won: retry.          *)
(*   release  unlink(P), unconditionally.                                  *)
(*                                                                         *)
(* The pull request's claim, "only one contender wins the rename", holds  *)
(* for one file. The flaw is the seed's, unchanged: the rename acts on    *)
(* the path P, not on the file that was judged stale. A contender that    *)
(* read the dead pid before the winner recreated P renames the winner's   *)
(* fresh file aside instead, and finds nothing wrong.                      *)
(*                                                                         *)
(* Granularity and faults as in FsLock.tla: every step is one system call *)
(* (or one kill(pid, 0) probe) of one process; the decision taken on its  *)
(* result is part of the step. Any process may crash between any two      *)
(* steps (crash-stop: it takes no further step; its files stay). The      *)
(* probe is a perfect failure detector: ESRCH exactly for crashed pids     *)
(* (same host, no pid reuse).                                              *)
(*                                                                         *)
(* Files: a process creates P successfully at most once per acquisition   *)
(* and acquires once, so the file it created is named after it: the value *)
(* of `lock` (or of aside[p]) is the identity (the inode) of a file, and  *)
(* also the pid written into it once `written` says so. A write goes to   *)
(* the file the writer opened, wherever that file now is.                 *)
(*                                                                         *)
(* Choices that favour the seed: a file whose content is still empty is   *)
(* treated as held by a live process (wait, never steal it); a probe that *)
(* says "alive" makes the process wait and retry. Neither affects the     *)
(* counterexample.                                                         *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Procs,   \* the processes that use the lock; each acquires once
    NoFile   \* a model value: "no file" (P absent)

ASSUME NoFile \notin Procs

\* Where a process is: the step it takes next.
\*   open     open(P, O_CREAT|O_EXCL)            read   read(P), EEXIST path
\*   write    write(fd, {pid, createdAt})        probe  kill(pid, 0)
\*   cs       inside; its next step is release  steal  rename(P, P.tmp-<me>)
\*   done     released                          unlinkTmp  unlink(P.tmp-<me>)
PcStates == {"open", "write", "cs", "read", "probe", "steal", "unlinkTmp", "done"}

\* The steps during which a process believes it holds the lock: from the moment
\* open(O_EXCL) succeeded until its release call.
HoldStates == {"write", "cs"}

VARIABLES
    lock,      \* the file at path P: the process that created it, or NoFile
    written,   \* written[q]: the file q created holds q's pid (else it is empty)
    pc,        \* pc[p]: the step p takes next
    alive,     \* alive[p]: FALSE once p has crashed
    seenPid,   \* seenPid[p]: the pid p read from P (NoFile before)
    aside,     \* aside[p]: the file at p's private path P.tmp-<p>, or NoFile
    lastStep   \* <<actor, action, <<arguments, result>>>> of the last step (history only)

vars == <<lock, written, pc, alive, seenPid, aside, lastStep>>

\* The state without its history (configs use VIEW View).
View == <<lock, written, pc, alive, seenPid, aside>>

Step(actor, action, args, result) == lastStep' = <<actor, action, <<args, result>>>>
Goto(p, s) == pc' = [pc EXCEPT ![p] = s]
\* p is alive and its next step is s.
Ready(p, s) == alive[p] /\ pc[p] = s

-----------------------------------------------------------------------------
(* Initial state: P absent; every process about to try.                    *)
Init ==
    /\ lock = NoFile
    /\ written = [q \in Procs |-> FALSE]
    /\ pc = [p \in Procs |-> "open"]
    /\ alive = [p \in Procs |-> TRUE]
    /\ seenPid = [p \in Procs |-> NoFile]
    /\ aside = [p \in Procs |-> NoFile]
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
    /\ UNCHANGED <<written, alive, seenPid, aside>>

\* write(fd, {pid, createdAt}): into the file p created, even if P no longer names it.
Write(p) ==
    /\ Ready(p, "write")
    /\ written' = [written EXCEPT ![p] = TRUE]
    /\ Goto(p, "cs")
    /\ Step(p, "write", "fd", [pid |-> p])
    /\ UNCHANGED <<lock, alive, seenPid, aside>>

\* read(P): ENOENT -> retry open; empty -> wait and retry; else remember the pid.
Read(p) ==
    /\ Ready(p, "read")
    /\ CASE lock = NoFile ->
              /\ Goto(p, "open")
              /\ Step(p, "read", "P", "ENOENT")
              /\ UNCHANGED seenPid
         [] ~written[lock] ->
              /\ Goto(p, "open")
              /\ Step(p, "read", "P", "empty")
              /\ UNCHANGED seenPid
         [] OTHER ->
              /\ seenPid' = [seenPid EXCEPT ![p] = lock]
              /\ Goto(p, "probe")
              /\ Step(p, "read", "P", [pid |-> lock])
    /\ UNCHANGED <<lock, written, alive, aside>>

\* kill(pid, 0): ESRCH (dead) -> steal P; alive -> wait and retry.
Probe(p) ==
    /\ Ready(p, "probe")
    /\ IF alive[seenPid[p]]
       THEN /\ Goto(p, "open")
            /\ Step(p, "kill", <<seenPid[p], 0>>, "ok (alive)")
       ELSE /\ Goto(p, "steal")
            /\ Step(p, "kill", <<seenPid[p], 0>>, "ESRCH (dead)")
    /\ UNCHANGED <<lock, written, alive, seenPid, aside>>

\* rename(P, P.tmp-<me>): moves whatever file P names now aside (ENOENT if none: retry).
Steal(p) ==
    /\ Ready(p, "steal")
    /\ IF lock = NoFile
       THEN /\ Goto(p, "open")
            /\ Step(p, "rename", "P, P.tmp-" \o ToString(p), "ENOENT")
            /\ UNCHANGED <<lock, aside>>
       ELSE /\ aside' = [aside EXCEPT ![p] = lock]
            /\ lock' = NoFile
            /\ Goto(p, "unlinkTmp")
            /\ Step(p, "rename", "P, P.tmp-" \o ToString(p), "ok")
    /\ UNCHANGED <<written, alive, seenPid>>

\* unlink(P.tmp-<me>): the stolen file is gone; retry open.
UnlinkTmp(p) ==
    /\ Ready(p, "unlinkTmp")
    /\ aside' = [aside EXCEPT ![p] = NoFile]
    /\ Goto(p, "open")
    /\ Step(p, "unlink", "P.tmp-" \o ToString(p), "ok")
    /\ UNCHANGED <<lock, written, alive, seenPid>>

\* Release: unlink(P), unconditionally.
Release(p) ==
    /\ Ready(p, "cs")
    /\ lock' = NoFile
    /\ Goto(p, "done")
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<written, alive, seenPid, aside>>

\* Crash-stop: p takes no further step; its file stays.
Crash(p) ==
    /\ alive[p]
    /\ pc[p] # "done"
    /\ alive' = [alive EXCEPT ![p] = FALSE]
    /\ Step(p, "crash", "", "")
    /\ UNCHANGED <<lock, written, pc, seenPid, aside>>

Next ==
    \E p \in Procs :
        Open(p) \/ Write(p) \/ Read(p) \/ Probe(p) \/ Steal(p) \/ UnlinkTmp(p) \/ Release(p) \/ Crash(p)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties.                                                             *)

TypeOK ==
    /\ lock \in Procs \cup {NoFile}
    /\ written \in [Procs -> BOOLEAN]
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]
    /\ seenPid \in [Procs -> Procs \cup {NoFile}]
    /\ aside \in [Procs -> Procs \cup {NoFile}]

\* p is inside the critical section: it is alive and believes it holds the lock.
Inside(p) == alive[p] /\ pc[p] \in HoldStates

\* MutualExclusion: no two processes are inside at once. TLC must find it violated.
MutualExclusion == \A p, q \in Procs : p # q => ~(Inside(p) /\ Inside(q))
=============================================================================
