--------------------------- MODULE MCFsLockSymmetry ---------------------------
(***************************************************************************)
(* Model bounds for larger FsLock models: the processes are interchangeable *)
(* (none is in OtherHost, no definition picks one out), so TLC may check one *)
(* representative of each permutation of them. Symmetry is sound for        *)
(* safety only: configs that use it check invariants, no liveness.          *)
(***************************************************************************)
EXTENDS FsLock

\* Permutations of the processes: every state stands for all its renamings.
ProcSymmetry == Permutations(Procs)
=============================================================================
