---------------------------- MODULE SeedAgeStale ----------------------------
(***************************************************************************)
(* Age-based staleness (the seed before its pid check, and many lock-file *)
(* libraries), as a model that TLC must find broken.                       *)
(* docs/counterexamples.md tells the story.                                *)
(*                                                                         *)
(*   acquire  open(P, O_CREAT|O_EXCL), then write {pid, createdAt} into   *)
(*            it (a separate call). On EEXIST: stat(P); if P is older     *)
(*            than staleMs, unlink(P) and retry; else wait and retry.      *)
(*   release  unlink(P), unconditionally.                                  *)
(*                                                                         *)
(* The flaw: age says nothing about the holder. A live holder can be      *)
(* paused (GC, SIGSTOP, a swapped-out VM, a laptop lid) for longer than   *)
(* staleMs; its file then looks stale and is removed while it is inside.  *)
(* No crash is needed, and two processes suffice.                          *)
(*                                                                         *)
(* Time is modelled abstractly: the environment action Age makes the file *)
(* at P "older than staleMs" at any moment, in particular while its       *)
(* holder is inside and has not called anything for a while. A write      *)
(* sets the file's mtime to now, so it makes the file young again.        *)
(*                                                                         *)
(* Granularity and faults as in FsLock.tla: every step is one system call *)
(* of one process; the decision taken on its result is part of the step. *)
(* Any process may crash between any two steps (crash-stop).              *)
(*                                                                         *)
(* Files: a process creates P successfully at most once (it acquires     *)
(* once), so the file it created is named after it: the value of `lock`  *)
(* is the identity (the inode) of the file at P.                          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Procs,   \* the processes that use the lock; each acquires once
    NoFile   \* a model value: "no file" (P absent)

ASSUME NoFile \notin Procs

\* Where a process is: the step it takes next.
\*   open    open(P, O_CREAT|O_EXCL)              stat    stat(P), EEXIST path
\*   write   write(fd, {pid, createdAt})          unlink  unlink(P) of a stale file
\*   cs      inside; its next step is release    done    released
PcStates == {"open", "write", "cs", "stat", "unlink", "done"}

\* The steps during which a process believes it holds the lock: from the moment
\* open(O_EXCL) succeeded until its release call.
HoldStates == {"write", "cs"}

VARIABLES
    lock,      \* the file at path P: the process that created it, or NoFile
    old,       \* old[q]: the file q created is older than staleMs (by its mtime)
    pc,        \* pc[p]: the step p takes next
    alive,     \* alive[p]: FALSE once p has crashed
    lastStep   \* <<actor, action, <<arguments, result>>>> of the last step (history only)

vars == <<lock, old, pc, alive, lastStep>>

\* The state without its history (configs use VIEW View).
View == <<lock, old, pc, alive>>

Step(actor, action, args, result) == lastStep' = <<actor, action, <<args, result>>>>
Goto(p, s) == pc' = [pc EXCEPT ![p] = s]
\* p is alive and its next step is s.
Ready(p, s) == alive[p] /\ pc[p] = s

-----------------------------------------------------------------------------
(* Initial state: P absent; every process about to try.                    *)
Init ==
    /\ lock = NoFile
    /\ old = [q \in Procs |-> FALSE]
    /\ pc = [p \in Procs |-> "open"]
    /\ alive = [p \in Procs |-> TRUE]
    /\ lastStep = <<"-", "init", <<"", "">>>>

\* open(P, O_CREAT|O_EXCL): creates P (empty, mtime now) if absent, else EEXIST.
Open(p) ==
    /\ Ready(p, "open")
    /\ IF lock = NoFile
       THEN /\ lock' = p
            /\ Goto(p, "write")
            /\ Step(p, "open", "P, O_CREAT|O_EXCL", "ok")
       ELSE /\ Goto(p, "stat")
            /\ Step(p, "open", "P, O_CREAT|O_EXCL", "EEXIST")
            /\ UNCHANGED lock
    /\ UNCHANGED <<old, alive>>

\* write(fd, {pid, createdAt}): into the file p created; its mtime becomes now.
Write(p) ==
    /\ Ready(p, "write")
    /\ old' = [old EXCEPT ![p] = FALSE]
    /\ Goto(p, "cs")
    /\ Step(p, "write", "fd", [pid |-> p])
    /\ UNCHANGED <<lock, alive>>

\* stat(P): ENOENT -> retry open; older than staleMs -> unlink; else wait and retry.
Stat(p) ==
    /\ Ready(p, "stat")
    /\ CASE lock = NoFile ->
              /\ Goto(p, "open")
              /\ Step(p, "stat", "P", "ENOENT")
         [] old[lock] ->
              /\ Goto(p, "unlink")
              /\ Step(p, "stat", "P", "older than staleMs")
         [] OTHER ->
              /\ Goto(p, "open")
              /\ Step(p, "stat", "P", "recent")
    /\ UNCHANGED <<lock, old, alive>>

\* unlink(P): removes whatever file P names now (ENOENT if none), then retry.
Unlink(p) ==
    /\ Ready(p, "unlink")
    /\ lock' = NoFile
    /\ Goto(p, "open")
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<old, alive>>

\* Release: unlink(P), unconditionally.
Release(p) ==
    /\ Ready(p, "cs")
    /\ lock' = NoFile
    /\ Goto(p, "done")
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<old, alive>>

\* Crash-stop: p takes no further step; its file stays.
Crash(p) ==
    /\ alive[p]
    /\ pc[p] # "done"
    /\ alive' = [alive EXCEPT ![p] = FALSE]
    /\ Step(p, "crash", "", "")
    /\ UNCHANGED <<lock, old, pc>>

\* Time passes: the file at P is now older than staleMs, whether its holder is
\* dead, or alive and simply has not called anything for that long.
Age ==
    /\ lock # NoFile
    /\ ~old[lock]
    /\ old' = [old EXCEPT ![lock] = TRUE]
    /\ Step("clock", "time passes", "P", "older than staleMs")
    /\ UNCHANGED <<lock, pc, alive>>

Next ==
    \/ \E p \in Procs :
        Open(p) \/ Write(p) \/ Stat(p) \/ Unlink(p) \/ Release(p) \/ Crash(p)
    \/ Age

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties.                                                             *)

TypeOK ==
    /\ lock \in Procs \cup {NoFile}
    /\ old \in [Procs -> BOOLEAN]
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]

\* p is inside the critical section: it is alive and believes it holds the lock.
Inside(p) == alive[p] /\ pc[p] \in HoldStates

\* MutualExclusion: no two processes are inside at once. TLC must find it violated.
MutualExclusion == \A p, q \in Procs : p # q => ~(Inside(p) /\ Inside(q))
=============================================================================
