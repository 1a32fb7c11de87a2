----------------------------- MODULE MCFsLockIInv -----------------------------
(***************************************************************************)
(* Checking that FsLock's IInv is inductive, with the pattern of the TLA+  *)
(* Examples' MCBakery: the initial states are all the type-correct states  *)
(* that satisfy IInv, TLC takes every step of Next from each, and checks   *)
(* IInv and the safety properties in every state reached. A state reached  *)
(* by a step either violates IInv (reported) or satisfies it and was an    *)
(* initial state already, so a passing run finds no new state: its depth   *)
(* is 1 and its distinct states are exactly the IInv states of the model.  *)
(* (lastStep, which no step and no invariant reads, starts at one value.)  *)
(*                                                                         *)
(* TypeOKForInduction binds the variables in an order that lets TLC prune  *)
(* early: it enumerates each variable only over the values that IInv       *)
(* allows given the variables bound before it (each binding names the      *)
(* conjunct of IInv that justifies it), and tests each conjunct of IInv as *)
(* soon as its variables are bound. So every state of TypeOK /\ IInv       *)
(* satisfies it, and TypeOKForInduction /\ ISpec starts from exactly the   *)
(* states of TypeOK /\ IInv. MCFsLockIInvCrossCheck.cfg enumerates         *)
(* MCFsLockIInv's model over TypeOK's full domains instead                 *)
(* (TypeOKFullDomains), and must find the same number of states.           *)
(***************************************************************************)
EXTENDS MCFsLockSymmetry, Randomization

\* IIControl, one process at a time: (pc, alive, round, child) as IInv allows them.
LocalControl ==
    {c \in [pc : PcStates, alive : BOOLEAN, round : 0..MaxRounds, child : ChildStates] :
        ControlAt(c.pc, c.alive, c.round, c.child)}

\* The functions f with DOMAIN f = DOMAIN C and f[x] \in C[x] for every x.
RECURSIVE Product(_)
Product(C) ==
    IF DOMAIN C = {} THEN {<<>>}
    ELSE LET x == CHOOSE x \in DOMAIN C : TRUE
             rest == [y \in DOMAIN C \ {x} |-> C[y]]
         IN {(x :> v) @@ f : v \in C[x], f \in Product(rest)}

\* Every process's control state is one of Controls (a set of functions from Procs to LocalControl).
TypeOKOver(Controls) ==
    \* IIControl.
    /\ \E c \in Controls :
          /\ pc = [p \in Procs |-> c[p].pc]
          /\ alive = [p \in Procs |-> c[p].alive]
          /\ round = [p \in Procs |-> c[p].round]
          /\ child = [p \in Procs |-> c[p].child]
    \* IILockDirOfOneAcquisition: P exists iff dirOwner is a process, and holds dirOwner's current owners.
    /\ dirOwner \in Procs \cup {"none"}
    /\ lockExists = (dirOwner # "none")
    \* IIStranger: another program's file only where StrangersAppear, and in an existing P.
    /\ stranger \in BOOLEAN
    /\ IIStranger
    /\ lockDir \in IF dirOwner = "none" THEN {{}}
                   ELSE SUBSET ({Main(dirOwner, round[dirOwner]), Child(dirOwner, round[dirOwner])} \cap Owners)
    /\ IILockDirOfOneAcquisition
    /\ IIHoldersKeepEntries
    \* IITempDirs: T exists only in TempStates, and holds at most p's current entry.
    /\ \E e \in Product([p \in Procs |-> IF pc[p] \in TempStates THEN BOOLEAN ELSE {FALSE}]) :
          tmpExists = [p \in Procs |-> e[p]]
    /\ \E d \in Product([p \in Procs |-> IF tmpExists[p] THEN {{}, {Main(p, round[p])} \cap Owners} ELSE {{}}]) :
          tmpDir = [p \in Procs |-> d[p]]
    /\ IITempDirs
    /\ IILiveAcquirerTempDir
    \* IIEntryLocks: only current main entries of live processes are locked.
    /\ \E locked \in SUBSET {p \in Procs : alive[p]} : entryLocked = {Main(p, round[p]) : p \in locked} \cap Owners
    /\ IIEntryLocks
    \* IIFenceCount: issued <= fence; TypeOK's domain for the clock.
    /\ clock \in ClockReadings \cup {0}
    \* IIQueue: NAME.queue is locked only with UsesQueue, by live processes.
    /\ queue \in IF UsesQueue THEN SUBSET {p \in Procs : alive[p]} ELSE {{}}
    /\ IIQueue
    /\ fence \in 0..MaxToken
    /\ issued \in 0..fence
    /\ IIFenceCount
    \* IIFenceTokens: tokens are at most the fence; fence temps exist only at renameFence and abortFence.
    /\ token \in [Procs -> 0..fence]
    /\ \E f \in Product([p \in Procs |-> IF pc[p] \in {"renameFence", "abortFence"}
                                          THEN {NoFile} \cup [state : {"written"}, value : 0..MaxToken]
                                          ELSE {NoFile}]) :
          fenceTmp = [p \in Procs |-> f[p]]
    /\ IIFenceTokens
    \* IIObservations: seen is empty outside ObservingStates, and holds others' owners.
    /\ \E s \in Product([p \in Procs |-> IF pc[p] \in ObservingStates
                                          THEN SUBSET {o \in Owners : o[1] # p} ELSE {{}}]) :
          seen = [p \in Procs |-> s[p]]
    /\ IIObservations
    \* IIDeadTargets: target is set exactly in TargetStates.
    /\ \E t \in Product([p \in Procs |-> IF pc[p] \in TargetStates THEN Owners ELSE {None}]) :
          target = [p \in Procs |-> t[p]]
    /\ IIDeadTargets
    /\ broke \in [Procs -> BOOLEAN]
    \* `fslock break` is off in these models (BreakerActs = FALSE): its actor stays idle.
    /\ breaker = BreakerIdle
    \* History only (View leaves it out).
    /\ lastStep = <<"-", "init", "">>

TypeOKForInduction == TypeOKOver([Procs -> LocalControl])

\* What TLC checks: FsLock's ISpec from every state of TypeOKForInduction.
ISpecForTLC == TypeOKForInduction /\ ISpec

-----------------------------------------------------------------------------
(***************************************************************************)
(* Where there are too many IInv states to enumerate (three processes), a  *)
(* sample: the IInv states whose control part (pc, alive, round and child  *)
(* of every process) is one of SampleSize random control vectors, with     *)
(* every other variable enumerated in full. TLC's -seed fixes the sample,  *)
(* so a run is repeatable and its count can be recorded; another seed      *)
(* checks another sample. TLC takes every step from every sampled state    *)
(* and checks the states it reaches; those that satisfy IInv but were not  *)
(* sampled are not explored further (Next is limited to level 1, the       *)
(* initial states).                                                        *)
(***************************************************************************)
SampleSize == 400

TypeOKSample == TypeOKOver(RandomSubset(SampleSize, [Procs -> LocalControl]))

ISpecSample == TypeOKSample /\ IInv /\ [][TLCGet("level") = 1 /\ Next]_vars

-----------------------------------------------------------------------------
\* The cross-check of TypeOKForInduction: every variable over TypeOK's own domain, each conjunct of
\* IInv tested once its variables are bound. Slower, and must give the same states.
TypeOKFullDomains ==
    /\ pc \in [Procs -> PcStates]
    /\ alive \in [Procs -> BOOLEAN]
    /\ round \in [Procs -> 0..MaxRounds]
    /\ child \in [Procs -> ChildStates]
    /\ IIControl
    /\ lockExists \in BOOLEAN
    /\ dirOwner \in Procs \cup {"none"}
    /\ stranger \in BOOLEAN
    /\ IIStranger
    /\ lockDir \in SUBSET Owners
    /\ IILockDirOfOneAcquisition
    /\ IIHoldersKeepEntries
    /\ tmpExists \in [Procs -> BOOLEAN]
    /\ tmpDir \in [Procs -> SUBSET Owners]
    /\ IITempDirs
    /\ IILiveAcquirerTempDir
    /\ entryLocked \in SUBSET {o \in Owners : o[2] = "main"}
    /\ IIEntryLocks
    /\ clock \in ClockReadings \cup {0}
    /\ queue \in SUBSET Procs
    /\ IIQueue
    /\ issued \in 0..MaxToken
    /\ fence \in 0..MaxToken
    /\ IIFenceCount
    /\ token \in [Procs -> 0..MaxToken]
    /\ fenceTmp \in [Procs -> [state : {"absent", "written"}, value : 0..MaxToken]]
    /\ IIFenceTokens
    /\ seen \in [Procs -> SUBSET Owners]
    /\ IIObservations
    /\ target \in [Procs -> Owners \cup {None}]
    /\ IIDeadTargets
    /\ broke \in [Procs -> BOOLEAN]
    /\ breaker = BreakerIdle
    /\ lastStep = <<"-", "init", "">>

ISpecFullDomains == TypeOKFullDomains /\ ISpec

\* For models where another program puts files into P (definition override "StrangersAppear <- On").
On == TRUE

\* For models that leave one conjunct of IInv out (definition override "IIx <- Unchecked"), to show
\* that the check finds a counterexample to induction without it.
Unchecked == TRUE
=============================================================================
