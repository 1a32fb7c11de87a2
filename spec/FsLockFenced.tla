---------------------------- MODULE FsLockFenced ----------------------------
(***************************************************************************)
(* fslock's fencing token judged by the yardstick of ZkLock.tla: a         *)
(* resource that rejects tokens below the largest it has seen never        *)
(* accepts an operation from an earlier holder after one from a later      *)
(* holder (FencedResourceSafe). docs/zookeeper-spec.md compares the two    *)
(* backends by it.                                                         *)
(*                                                                         *)
(* The protocol is FsLock.tla, unchanged: this module EXTENDS it and adds  *)
(*   - the resource, and the holders' operations on it. A holder is a      *)
(*     process in a hold state after its token was taken (RenameFence), or *)
(*     the command it runs under `fslock run`, which gets the holder's     *)
(*     token in FSLOCK_FENCING_TOKEN. An operation reaches the resource at *)
(*     once, or (constant LateDelivery) later, possibly after its sender   *)
(*     released the lock.                                                  *)
(*   - optionally, an operator who unlinks a live owner's entry: `fslock   *)
(*     break --force` on a holder that looked stuck, or a probe that       *)
(*     wrongly answered DEAD (the unlink is the same). fslock's mutual     *)
(*     exclusion assumes neither happens; the question is what fencing     *)
(*     still protects when one does.                                       *)
(*                                                                         *)
(* Written against FsLock's names, not its text: Init, Next, vars, View,   *)
(* TypeOK, MaxToken, Inside, Holding, FenceStates, ProcessAlive and the    *)
(* variables pc, token, child, lockDir. New FsLock variables or actions    *)
(* need no change here, except in ForceBreak, which lists FsLock's         *)
(* variable groups it leaves unchanged: a new variable outside those       *)
(* groups makes TLC report ForceBreak's successor state as underspecified, *)
(* loudly.                                                                 *)
(***************************************************************************)
EXTENDS MCFsLockVariants, Sequences

CONSTANTS
    ResourceChecksToken,  \* TRUE: the resource rejects a token below the largest it has seen
    LateDelivery,         \* TRUE: the network may deliver a holder's operation late, after it released
    MaxForcedBreaks,      \* how many live owners' entries the operator may unlink (0: none)
    BreakAnyTime          \* TRUE: any live owner's entry, at any step; FALSE: only the entry of a holder
                          \* that already has its token (a holder stuck in its critical section)

ASSUME /\ ResourceChecksToken \in BOOLEAN /\ LateDelivery \in BOOLEAN
       /\ MaxForcedBreaks \in Nat /\ BreakAnyTime \in BOOLEAN

VARIABLES
    resMax,     \* the largest token the resource has seen (0 at first)
    inflight,   \* operations sent to the resource and not delivered yet: <<token, grant number>>
    forced,     \* how many entries the operator has unlinked
    \* History, for FencedResourceSafe (no step of the protocol reads them).
    grants,     \* how many tokens have been taken
    grant,      \* grant[p]: the number of p's latest token (p was the grant[p]-th holder), 0 if none
    resHigh,    \* the largest grant number whose operation the resource accepted
    resLast     \* the grant number of the last operation the resource accepted

fencedVars == <<resMax, inflight, forced, grants, grant, resHigh, resLast>>
allVars == <<vars, fencedVars>>

\* The state without its history (configs say VIEW FencedView).
FencedView == <<View, fencedVars>>

\* p holds the lock and has its fencing token: p is in a hold state past the fence steps, or the
\* command p runs is (Inside); a failed fence leaves token 0, and no token means no operations.
Holder(p) == Inside(p) /\ pc[p] \notin FenceStates /\ token[p] # 0

\* In this step p takes its token: it leaves the fence steps with a token (RenameFence).
TakesToken(p) == pc[p] \in FenceStates /\ pc'[p] \notin FenceStates /\ token'[p] # 0

-----------------------------------------------------------------------------
FencedInit ==
    /\ Init
    /\ resMax = 0
    /\ inflight = {}
    /\ forced = 0
    /\ grants = 0
    /\ grant = [p \in Procs |-> 0]
    /\ resHigh = 0
    /\ resLast = 0

\* A step of fslock's protocol. A process that takes its token becomes the next holder. Its grant
\* stays until its next token: the command it runs under `fslock run` holds it on, also after the
\* process died (and Holder can be FALSE in between: the parent dead, the command not started).
LockStep ==
    /\ Next
    /\ grants' = grants + Cardinality({p \in Procs : TakesToken(p)})
    /\ grant' = [p \in Procs |-> IF TakesToken(p) THEN grants + 1 ELSE grant[p]]
    /\ UNCHANGED <<resMax, inflight, forced, resHigh, resLast>>

\* The resource receives an operation with token t from the g-th holder. It rejects it if it checks
\* tokens and has seen a larger one; otherwise it accepts it and remembers the token.
Receive(t, g) ==
    IF ResourceChecksToken /\ t < resMax
    THEN UNCHANGED <<resMax, resHigh, resLast>>
    ELSE /\ resMax' = Max(resMax, t)
         /\ resHigh' = Max(resHigh, g)
         /\ resLast' = g

Verdict(t) == IF ResourceChecksToken /\ t < resMax THEN "rejected: stale token" ELSE "accepted"

\* The holder p's token goes with an operation, sent by p itself or by the command it runs (actor),
\* and received in the same step (a sender paused before sending looks the same).
Operation(p, actor) ==
    /\ Holder(p)
    /\ Receive(token[p], grant[p])
    /\ lastStep' = <<actor, "resource.write", <<"token " \o ToString(token[p]), Verdict(token[p])>>>>
    /\ UNCHANGED <<View, inflight, forced, grants, grant>>

\* As Operation, but the network delays it: it may arrive after p has released the lock and the
\* next holder has written.
SendOperation(p, actor) ==
    /\ LateDelivery
    /\ Holder(p)
    /\ inflight' = inflight \cup {<<token[p], grant[p]>>}
    /\ lastStep' = <<actor, "resource.send", <<"token " \o ToString(token[p]), "in flight">>>>
    /\ UNCHANGED <<View, resMax, forced, grants, grant, resHigh, resLast>>

\* The network delivers a delayed operation to the resource.
Deliver ==
    /\ \E m \in inflight :
          /\ inflight' = inflight \ {m}
          /\ Receive(m[1], m[2])
          /\ lastStep' = <<<<"network">>, "delivers a write with token " \o ToString(m[1]), <<"", Verdict(m[1])>>>>
    /\ UNCHANGED <<View, forced, grants, grant>>

\* The holder itself writes (library use: inside withLock, with held.fencingToken()).
Write(p) == Holding(p) /\ (Operation(p, p) \/ SendOperation(p, p))

\* The command run under `fslock run` writes with FSLOCK_FENCING_TOKEN.
ChildWrite(p) == child[p] = "running" /\ (Operation(p, <<p, "child">>) \/ SendOperation(p, <<p, "child">>))

\* An owner entry's name in traces: p1.main.1 (process, role, acquisition).
EntryName(o) == ToString(o[1]) \o "." \o o[2] \o "." \o ToString(o[3])

\* The operator unlinks P/e of a live owner e: `fslock break --force`, or a false DEAD verdict.
ForceBreak ==
    /\ forced < MaxForcedBreaks
    /\ \E o \in lockDir :
          /\ ProcessAlive(o)
          /\ BreakAnyTime \/ Holder(o[1])
          /\ lockDir' = lockDir \ {o}
          /\ lastStep' = <<<<"operator">>, "fslock break --force",
                           <<"unlink P/" \o EntryName(o), "ok, though its owner is alive">>>>
    /\ forced' = forced + 1
    /\ UNCHANGED <<lockExists, tmpExists, tmpDir, fence, fenceTmp, stranger, dirOwner, kernel, issued, procs, memory>>
    /\ UNCHANGED <<resMax, inflight, grants, grant, resHigh, resLast>>

FencedNext ==
    \/ LockStep
    \/ \E p \in Procs : Write(p) \/ ChildWrite(p)
    \/ Deliver
    \/ ForceBreak

\* Safety only: no fairness.
FencedSpec == FencedInit /\ [][FencedNext]_allVars

-----------------------------------------------------------------------------
FencedTypeOK ==
    /\ TypeOK
    /\ resMax \in 0..MaxToken
    /\ inflight \subseteq (0..MaxToken) \X (1..MaxToken)
    /\ forced \in 0..MaxForcedBreaks
    /\ grants \in 0..MaxToken
    /\ grant \in [Procs -> 0..MaxToken]
    /\ resHigh \in 0..MaxToken
    /\ resLast \in 0..MaxToken

\* FencedResourceSafe: the resource never accepts an operation from an earlier holder after it has
\* accepted one from a later holder: the last operation it accepted came from the latest holder
\* whose operation it has accepted.
FencedResourceSafe == resLast = resHigh

\* The reason the fence works: of two tokens that can still reach the resource (a holder's, or in
\* flight), the later holder's is the larger. With mutual exclusion there is one holder at a time
\* and P.fence only grows; a holder broken while it takes its token breaks this (two holders, one
\* token: MCFsLockFencedBreakAnyTime).
TokensFollowGrants ==
    LET live == {<<token[p], grant[p]>> : p \in {q \in Procs : Holder(q)}} \cup inflight
    IN \A a, b \in live : a[2] < b[2] => a[1] < b[1]

\* Permutations of the processes, for models in which none is singled out (OtherHost = {}).
FencedSymmetry == Permutations(Procs)
=============================================================================
