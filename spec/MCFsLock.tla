------------------------------ MODULE MCFsLock ------------------------------
(* Model-checking bounds and helpers for FsLock; the models are the MCFsLock*.cfg files. *)
EXTENDS FsLock, TLC

\* The processes are interchangeable when none is on another host: TLC may check one state of
\* each class of process renamings. Sound for safety properties only (TLC ignores symmetry for
\* liveness, so liveness models do not use it).
ProcSymmetry == Permutations(Procs)
=============================================================================
