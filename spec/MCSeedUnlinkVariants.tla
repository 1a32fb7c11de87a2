------------------------ MODULE MCSeedUnlinkVariants ------------------------
(***************************************************************************)
(* The seed's original lock (SeedUnlink) with one decision changed, by a   *)
(* definition override in the model's config, e.g.                         *)
(*     CONSTANTS EmptyIsStale <- Enabled                                   *)
(* The manifest says which property each variant breaks.                   *)
(***************************************************************************)
EXTENDS SeedUnlink

Enabled == TRUE

\* Procs are the threads of one process: they share its pid.
OnePid(p) == "pid1"

\* Two containers sharing the lock's directory: one process in PID namespace "A", the others in
\* "B". kill(pid, 0) looks the pid up in the caller's namespace: a process of the other one is
\* not found (ESRCH), alive or not.
NamespaceOf(p) == IF p = CHOOSE q \in Procs : TRUE THEN "A" ELSE "B"
SameNamespaceOnly(p, q) == alive[q] /\ NamespaceOf(q) = NamespaceOf(p)
=============================================================================
