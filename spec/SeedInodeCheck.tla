--------------------------- MODULE SeedInodeCheck ---------------------------
(***************************************************************************)
(* The most careful fixed-path lock file that other libraries use, as a   *)
(* model that TLC must find broken. docs/counterexamples.md tells the     *)
(* story.                                                                  *)
(*                                                                         *)
(*   acquire  write a private temp file T.<me> holding my pid (content    *)
(*            complete before anyone can see it), link(T.<me>, P), which  *)
(*            fails with EEXIST if P exists, then unlink(T.<me>).          *)
(*   release  read P; only if it is ours (our pid and inode), unlink(P).   *)
(*   break    on EEXIST: read P (owner pid, inode i); kill(pid, 0); if     *)
(*            dead, rename(P, B.<me>) (a private name), stat(B.<me>) and   *)
(*            re-check its inode: equal to i -> unlink(B.<me>); different  *)
(*            -> we moved somebody else's fresh file, so put it back with  *)
(*            link(B.<me>, P) (no-replace: EEXIST if P exists), then       *)
(*            unlink(B.<me>). Then retry the link.                         *)
(*                                                                         *)
(* The flaw: every check is followed by an act on the path P, and P can   *)
(* change in between. The inode re-check detects that the wrong file was  *)
(* moved, but only after it was moved: until the restore, P is absent and *)
(* anybody can link a new P while the moved file's owner is still inside. *)
(* It takes four processes: a dead holder D, a breaker X that read D's    *)
(* file, a process A that broke D's file itself and acquired, and a       *)
(* fourth process C that links P in X's window (see MCSeedInodeCheck3).   *)
(*                                                                         *)
(* Granularity and faults as in FsLock.tla: every step is one system call *)
(* (or one kill(pid, 0) probe) of one process; the decision taken on its  *)
(* result is part of the step. Any process may crash between any two      *)
(* steps (crash-stop: it takes no further step; its files stay). The      *)
(* probe is a perfect failure detector: ESRCH exactly for crashed pids     *)
(* (same host, no pid reuse). Writing the private temp file (open, write, *)
(* close) is one step: nobody else ever opens T.<me>, so no other process *)
(* can tell these calls apart, and a crash between them leaves a file     *)
(* that nobody reads. Reading P is one step: open(P) picks the file, and  *)
(* fstat and read on that descriptor see the same file, so the pid and    *)
(* the inode read belong together.                                        *)
(*                                                                         *)
(* Files: each acquisition writes exactly one temp file, so a file is     *)
(* identified by <<creator, round>>: that pair is its inode (unique, never *)
(* reused), and the creator is the pid written in it. Several names can   *)
(* link to one file (P and B.<me> after a restore, T.<me> and P after a   *)
(* link); the variables record, per name, which file it links to.          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Procs,      \* the processes that use the lock
    MaxRounds,  \* acquisitions per process: keeps the model finite
    NoFile      \* a model value: "no file" (the name is absent)

ASSUME NoFile \notin Procs /\ MaxRounds \in Nat \ {0}

Rounds == 1..MaxRounds
\* A file is identified by the acquisition that wrote it: its inode.
Files == Procs \X Rounds

\* Where a process is: the step it takes next.
\*   create      write the private temp file T.<me>    read        read(P), EEXIST path
\*   link        link(T.<me>, P)                       probe       kill(pid, 0)
\*   unlinkTemp  unlink(T.<me>) after winning          rename      rename(P, B.<me>)
\*   cs          inside; next step: release's read(P)  stat        stat(B.<me>)
\*   relUnlink   release's unlink(P)                   restore     link(B.<me>, P)
\*   done        all rounds finished                   unlinkAside unlink(B.<me>)
PcStates == {"create", "link", "unlinkTemp", "cs", "relUnlink", "done",
             "read", "probe", "rename", "stat", "restore", "unlinkAside"}

\* The steps during which a process believes it holds the lock: from the moment
\* its link(T.<me>, P) succeeded until its release unlinks P (or finds P not ours).
HoldStates == {"unlinkTemp", "cs", "relUnlink"}

VARIABLES
    lock,      \* the file that name P links to, or NoFile
    temp,      \* temp[p]: p's private temp name T.<p> links to p's current file
    aside,     \* aside[p]: the file that p's private name B.<p> links to, or NoFile
    pc,        \* pc[p]: the step p takes next
    alive,     \* alive[p]: FALSE once p has crashed
    round,     \* round[p]: p's current acquisition
    seen,      \* seen[p]: the file p read at P (its pid and inode), NoFile before
    lastStep   \* <<actor, action, <<arguments, result>>>> of the last step (history only)

vars == <<lock, temp, aside, pc, alive, round, seen, lastStep>>

\* The state without its history (configs use VIEW View).
View == <<lock, temp, aside, pc, alive, round, seen>>

Mine(p) == <<p, round[p]>>      \* the file p writes in its current acquisition
Pid(f) == f[1]                  \* the pid written in file f

\* How a file's inode reads in traces: ino(p1), or ino(p1,2) for p1's second round.
Ino(f) == "ino(" \o ToString(f[1]) \o (IF MaxRounds > 1 THEN "," \o ToString(f[2]) ELSE "") \o ")"
\* What read and stat report about a file.
Content(f) == [pid |-> Pid(f), inode |-> Ino(f)]

Step(actor, action, args, result) == lastStep' = <<actor, action, <<args, result>>>>
Goto(p, s) == pc' = [pc EXCEPT ![p] = s]
\* p is alive and its next step is s.
Ready(p, s) == alive[p] /\ pc[p] = s
\* p's private names.
T(p) == "T." \o ToString(p)
B(p) == "B." \o ToString(p)

\* An acquisition is over (released, or found not ours): the next one, or done.
Finish(p) ==
    IF round[p] < MaxRounds
    THEN /\ round' = [round EXCEPT ![p] = round[p] + 1]
         /\ Goto(p, "create")
    ELSE /\ Goto(p, "done")
         /\ UNCHANGED round

-----------------------------------------------------------------------------
(* Initial state: P absent; every process about to try.                    *)
Init ==
    /\ lock = NoFile
    /\ temp = [p \in Procs |-> FALSE]
    /\ aside = [p \in Procs |-> NoFile]
    /\ pc = [p \in Procs |-> "create"]
    /\ alive = [p \in Procs |-> TRUE]
    /\ round = [p \in Procs |-> 1]
    /\ seen = [p \in Procs |-> NoFile]
    /\ lastStep = <<"-", "init", <<"", "">>>>

(******************************** Acquire **********************************)

\* open(T.<me>, O_CREAT|O_EXCL), write {pid}, close: a complete private file.
CreateTemp(p) ==
    /\ Ready(p, "create")
    /\ temp' = [temp EXCEPT ![p] = TRUE]
    /\ Goto(p, "link")
    /\ Step(p, "create", T(p), Content(Mine(p)))
    /\ UNCHANGED <<lock, aside, alive, round, seen>>

\* link(T.<me>, P): P now names our file too, unless P exists (EEXIST: try to break).
Link(p) ==
    /\ Ready(p, "link")
    /\ IF lock = NoFile
       THEN /\ lock' = Mine(p)
            /\ Goto(p, "unlinkTemp")
            /\ Step(p, "link", <<T(p), "P">>, "ok")
       ELSE /\ Goto(p, "read")
            /\ Step(p, "link", <<T(p), "P">>, "EEXIST")
            /\ UNCHANGED lock
    /\ UNCHANGED <<temp, aside, alive, round, seen>>

\* unlink(T.<me>): P alone names our file now.
UnlinkTemp(p) ==
    /\ Ready(p, "unlinkTemp")
    /\ temp' = [temp EXCEPT ![p] = FALSE]
    /\ Goto(p, "cs")
    /\ Step(p, "unlink", T(p), "ok")
    /\ UNCHANGED <<lock, aside, alive, round, seen>>

(********************************* Release *********************************)

\* read(P) (pid and inode): ours -> unlink it; not ours or absent -> leave P alone.
ReleaseRead(p) ==
    /\ Ready(p, "cs")
    /\ IF lock = Mine(p)
       THEN /\ Goto(p, "relUnlink")
            /\ Step(p, "read", "P", "ours")
            /\ UNCHANGED round
       ELSE /\ Finish(p)
            /\ Step(p, "read", "P", IF lock = NoFile THEN "ENOENT: not ours, released"
                                    ELSE Ino(lock) \o ": not ours, released")
    /\ UNCHANGED <<lock, temp, aside, alive, seen>>

\* unlink(P): removes whatever file P names now.
ReleaseUnlink(p) ==
    /\ Ready(p, "relUnlink")
    /\ lock' = NoFile
    /\ Finish(p)
    /\ Step(p, "unlink", "P", IF lock = NoFile THEN "ENOENT" ELSE "ok")
    /\ UNCHANGED <<temp, aside, alive, seen>>

(********************************* Break ***********************************)

\* read(P): ENOENT -> retry the link; else remember the file (pid and inode).
Read(p) ==
    /\ Ready(p, "read")
    /\ IF lock = NoFile
       THEN /\ Goto(p, "link")
            /\ Step(p, "read", "P", "ENOENT")
            /\ UNCHANGED seen
       ELSE /\ seen' = [seen EXCEPT ![p] = lock]
            /\ Goto(p, "probe")
            /\ Step(p, "read", "P", Content(lock))
    /\ UNCHANGED <<lock, temp, aside, alive, round>>

\* kill(pid, 0): ESRCH (dead) -> move P aside; alive -> wait and retry the link.
Probe(p) ==
    /\ Ready(p, "probe")
    /\ IF alive[Pid(seen[p])]
       THEN /\ Goto(p, "link")
            /\ Step(p, "kill", <<Pid(seen[p]), 0>>, "ok (alive)")
       ELSE /\ Goto(p, "rename")
            /\ Step(p, "kill", <<Pid(seen[p]), 0>>, "ESRCH (dead)")
    /\ UNCHANGED <<lock, temp, aside, alive, round, seen>>

\* rename(P, B.<me>): moves whatever file P names now aside (ENOENT: retry the link).
RenameAside(p) ==
    /\ Ready(p, "rename")
    /\ IF lock = NoFile
       THEN /\ Goto(p, "link")
            /\ Step(p, "rename", <<"P", B(p)>>, "ENOENT")
            /\ UNCHANGED <<lock, aside>>
       ELSE /\ aside' = [aside EXCEPT ![p] = lock]
            /\ lock' = NoFile
            /\ Goto(p, "stat")
            /\ Step(p, "rename", <<"P", B(p)>>, "ok")
    /\ UNCHANGED <<temp, alive, round, seen>>

\* stat(B.<me>): the inode we moved is the one we judged dead -> discard it;
\* another one -> we took a live file away: put it back.
StatAside(p) ==
    /\ Ready(p, "stat")
    /\ Goto(p, IF aside[p] = seen[p] THEN "unlinkAside" ELSE "restore")
    /\ Step(p, "stat", B(p), [inode |-> Ino(aside[p]),
                              check |-> IF aside[p] = seen[p] THEN "same inode"
                                        ELSE "not " \o Ino(seen[p])])
    /\ UNCHANGED <<lock, temp, aside, alive, round, seen>>

\* link(B.<me>, P): put the file back, unless P exists again (EEXIST).
Restore(p) ==
    /\ Ready(p, "restore")
    /\ IF lock = NoFile
       THEN /\ lock' = aside[p]
            /\ Step(p, "link", <<B(p), "P">>, "ok")
       ELSE /\ Step(p, "link", <<B(p), "P">>, "EEXIST")
            /\ UNCHANGED lock
    /\ Goto(p, "unlinkAside")
    /\ UNCHANGED <<temp, aside, alive, round, seen>>

\* unlink(B.<me>); then retry the link.
UnlinkAside(p) ==
    /\ Ready(p, "unlinkAside")
    /\ aside' = [aside EXCEPT ![p] = NoFile]
    /\ Goto(p, "link")
    /\ Step(p, "unlink", B(p), "ok")
    /\ UNCHANGED <<lock, temp, alive, round, seen>>

-----------------------------------------------------------------------------
\* Crash-stop: p takes no further step; its files stay.
Crash(p) ==
    /\ alive[p]
    /\ pc[p] # "done"
    /\ alive' = [alive EXCEPT ![p] = FALSE]
    /\ Step(p, "crash", "", "")
    /\ UNCHANGED <<lock, temp, aside, pc, round, seen>>

Next ==
    \E p \in Procs :
        \/ CreateTemp(p) \/ Link(p) \/ UnlinkTemp(p)
        \/ ReleaseRead(p) \/ ReleaseUnlink(p)
        \/ Read(p) \/ Probe(p) \/ RenameAside(p) \/ StatAside(p) \/ Restore(p) \/ UnlinkAside(p)
        \/ Crash(p)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties.                                                             *)

TypeOK ==
    /\ lock \in Files \cup {NoFile}
    /\ temp \in [Procs -> BOOLEAN]
    /\ aside \in [Procs -> Files \cup {NoFile}]
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]
    /\ round \in [Procs -> Rounds]
    /\ seen \in [Procs -> Files \cup {NoFile}]

\* p is inside the critical section: it is alive and believes it holds the lock.
Inside(p) == alive[p] /\ pc[p] \in HoldStates

\* MutualExclusion: no two processes are inside at once. TLC must find it violated (with four).
MutualExclusion == \A p, q \in Procs : p # q => ~(Inside(p) /\ Inside(q))

\* P never names a file of a live process that is not inside with that file: such a file
\* cannot be broken (its pid is alive) and will never be released (its owner has moved on),
\* so the lock is stuck for as long as that process lives.
NoLeakToLiveProcess ==
    lock # NoFile /\ alive[Pid(lock)] => Inside(Pid(lock)) /\ lock = Mine(Pid(lock))
=============================================================================
