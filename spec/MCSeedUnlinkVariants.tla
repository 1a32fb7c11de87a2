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
=============================================================================
