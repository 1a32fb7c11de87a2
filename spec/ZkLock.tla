------------------------------- MODULE ZkLock -------------------------------
(***************************************************************************)
(* The lock recipe of Apache ZooKeeper, as Apache Curator's                *)
(* InterProcessMutex implements it, and the fencing token its holders      *)
(* pass to the resource they protect. What does the lock promise a client  *)
(* that was paused (GC, SIGSTOP, a partition) longer than its session      *)
(* timeout, and what does fencing add? docs/zookeeper-spec.md tells the    *)
(* results; this header says what is modelled and on what authority.       *)
(*                                                                         *)
(* The recipe (Curator LockInternals.attemptLock and internalLockLoop,     *)
(* StandardLockInternalsDriver; lock node L, e.g. /locks/deploy):          *)
(*   acquire  create L/lock- with mode EPHEMERAL_SEQUENTIAL, creating L    *)
(*            as a container node if it is missing                         *)
(*            (creatingParentContainersIfNeeded). Then loop:               *)
(*              getChildren(L), sorted by sequence number;                 *)
(*              ours is the lowest -> we hold the lock;                    *)
(*              else getData(next-lower child) with a watch:               *)
(*                NoNode -> loop at once (it went meanwhile);              *)
(*                else wait for the watch event, then loop.                *)
(*   give up  acquire(time, unit) timed out: delete our node.              *)
(*   release  delete our node.                                             *)
(*   fencing  the holder passes its token with every operation on the      *)
(*            resource; the resource rejects a token below the largest     *)
(*            it has seen (constant ResourceChecksToken). An operation     *)
(*            may also reach the resource late, after its sender has       *)
(*            released or lost the lock (constant LateDelivery).           *)
(*                                                                         *)
(* The token (constant TokenSource). "czxid": the zxid of the transaction  *)
(* that created our node (Stat.czxid: after acquiring, a subclass of       *)
(* InterProcessMutex reads getLockPath() and checkExists() on it). Every   *)
(* change to ZooKeeper's state gets a zxid, in one total order, and zxids  *)
(* never repeat (programmer's guide, "Time in ZooKeeper"); so a later      *)
(* node has a larger czxid, whatever happens to L. "sequence": the number  *)
(* in our node's name. It comes from a counter "unique to the parent       *)
(* znode" (programmer's guide, "Sequence Nodes"): the server formats L's   *)
(* cversion into the name (PrepRequestProcessor). Curator makes L a        *)
(* container node, which the server deletes once it is empty (programmer's *)
(* guide, "Container Nodes"; ContainerManager); recreated, L counts from 0 *)
(* again. The model shows that the sequence number is then no fencing      *)
(* token (MCZkLockSeqToken) and the czxid is (MCZkLock); with L a          *)
(* persistent node made once by hand, the sequence number would do too     *)
(* (MCZkLockSeqPersistent), until its signed 32-bit counter overflows.     *)
(* We pick the czxid.                                                      *)
(*                                                                         *)
(* The server. One logical ZooKeeper: each request is applied atomically   *)
(* in one step, in one total order, and its reply reaches the client in    *)
(* that step (a late reply is the same as a client paused after the        *)
(* request). ZooKeeper's writes are linearizable and each session's        *)
(* requests are applied in the order sent (programmer's guide,             *)
(* "Consistency Guarantees"; the ZooKeeper paper, USENIX ATC 2010). The    *)
(* ensemble and its consensus (Zab) are not modelled. What an ensemble     *)
(* adds is reads from a follower that lags: getChildren may show L as it   *)
(* was at an earlier point, but one that already has our node (a session   *)
(* sees its own writes). No child with a lower number is created after     *)
(* ours, and L is not deleted while ours exists, so such a view shows at   *)
(* least the lower children that exist now: it can make us wait longer,    *)
(* never make us hold early.                                               *)
(*                                                                         *)
(* Sessions and time. There are no clocks. The server expires a session    *)
(* when it has not heard from the client for the session timeout; at       *)
(* expiry it deletes the session's ephemeral nodes and notifies their      *)
(* watchers at once, and the client learns of it only when it runs and     *)
(* reconnects ("ZooKeeper Sessions"). The model lets the server expire     *)
(* the session of a live client at any step (constant PauseExpiry): that   *)
(* stands for any pause or partition longer than the timeout. A crashed    *)
(* client's session always expires, eventually (weak fairness).            *)
(*                                                                         *)
(* What the client learns. Curator reports connection trouble through      *)
(* ConnectionStateListener: SUSPENDED when the connection drops,           *)
(* RECONNECTED when it is back within the session, LOST when the session   *)
(* has expired (or is presumed to: Curator's own timer after SUSPENDED).   *)
(* InterProcessMutex does not act on them; Curator's documentation asks    *)
(* the application to stop using the lock on SUSPENDED until RECONNECTED,  *)
(* and to consider it gone on LOST. Our clients do exactly that. A LOST    *)
(* that comes before the server's expiry only makes a client stop sooner   *)
(* (not modelled). A paused client learns nothing until it runs again:     *)
(* that is the window in which it "believes it holds".                     *)
(*                                                                         *)
(* Watches. getData(path, watch) leaves a one-shot watch that fires when   *)
(* the node is deleted; the event reaches the client before anything it    *)
(* reads later ("ZooKeeper Watches"). A session's watches end with it.     *)
(* Curator waits under the monitor that its watcher notifies, so an event  *)
(* that comes before the wait is not lost: here it is a flag the client    *)
(* consumes. The model keeps one watch per client: the latest (older ones  *)
(* of a client that gave up only cause spurious wake-ups, i.e. one more    *)
(* getChildren).                                                           *)
(*                                                                         *)
(* Granularity: one client request (with its reply), one server event, one *)
(* operation on the resource, or one delivery of a delayed operation per   *)
(* step. Any client may crash between any two steps (crash-stop) and may   *)
(* pause for any number of steps. Every step records lastStep = <<actor,   *)
(* action, <<arguments, result>>>> for traces (see spec/README.md).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Clients,              \* the client processes; each has one ZooKeeper session at a time
    MaxRounds,            \* acquisitions per client: keeps the model finite
    PauseExpiry,          \* TRUE: the server may expire the session of a live client (paused past its timeout)
    TokenSource,          \* "czxid" or "sequence": what the holder passes to the resource as its token
    ContainerLockNode,    \* TRUE: L is a container node (Curator's default): deleted by the server once empty
    ResourceChecksToken,  \* TRUE: the resource rejects a token below the largest it has seen
    LateDelivery          \* TRUE: the network may deliver a holder's operation late, after it released

ASSUME /\ MaxRounds \in Nat \ {0}
       /\ PauseExpiry \in BOOLEAN
       /\ TokenSource \in {"czxid", "sequence"}
       /\ ContainerLockNode \in BOOLEAN
       /\ ResourceChecksToken \in BOOLEAN
       /\ LateDelivery \in BOOLEAN

\* Every lock node ever created, at most one per acquisition: bounds counters and tokens.
MaxNodes == Cardinality(Clients) * MaxRounds

\* A child of L: who created it (its session's client), its sequence number, its czxid.
Nodes == [owner : Clients, seq : 0..MaxNodes, czxid : 1..MaxNodes]
\* "No node": what a client remembers when it has none.
NoNode == [owner |-> "nobody", seq |-> 0, czxid |-> 0]

\* Where a client is: the request it makes next.
\*   idle         not trying (acquire() not called, or the last acquisition is over)
\*   getChildren  list L and see whether ours is the lowest
\*   getData      set a watch on the next-lower child
\*   wait         wait for that watch to fire
\*   giveUp       acquire(time, unit) timed out: delete our node
\*   held         holds the lock, as far as it knows
\*   suspended    got SUSPENDED while holding: not using the lock until RECONNECTED or LOST
\*   resumed      holds the lock again after RECONNECTED
PcStates == {"idle", "getChildren", "getData", "wait", "giveUp", "held", "suspended", "resumed"}

\* The states in which a live client believes it holds the lock, and uses it.
HoldStates == {"held", "resumed"}

\* The states in which a client is waiting for the lock.
WaitStates == {"getChildren", "getData", "wait"}

VARIABLES
    \* The server.
    lockNode,   \* L exists
    children,   \* the children of L (a set of Nodes)
    cversion,   \* L's child counter: the sequence number of L's next child (0 when L is created)
    zxid,       \* the last zxid given to a child of L (the model numbers only those transactions)
    session,    \* session[c]: the server's state of c's current session, "live" or "expired"
    watch,      \* watch[c]: the child on which c's session has a watch, or NoNode
    event,      \* event[c]: a watch event is on its way to c
    \* The clients.
    pc,         \* pc[c]: the request c makes next
    alive,      \* alive[c]: FALSE once c has crashed; never TRUE again
    round,      \* round[c]: c's acquisitions so far
    mine,       \* mine[c]: the node c created in its current acquisition, or NoNode
    pred,       \* pred[c]: the next-lower child that c is about to watch
    token,      \* token[c]: the fencing token of mine[c]
    \* The resource the lock protects.
    resMax,     \* the largest token the resource has seen (0 at first)
    inflight,   \* operations sent to the resource and not delivered yet: <<token, grant number>>
    \* History, for FencedResourceSafe (no step reads them).
    grants,     \* how many times a client was told it holds the lock
    grant,      \* grant[c]: the number of c's current grant (c is the grant[c]-th holder)
    resHigh,    \* the largest grant number whose operation the resource accepted
    resLast,    \* the grant number of the last operation the resource accepted
    \* History, for traces only (not part of the state TLC compares: see View).
    lastStep    \* <<actor, action, <<arguments, result>>>> of the step just taken

server == <<lockNode, children, cversion, zxid, session, watch, event>>
client == <<pc, alive, round, mine, pred, token>>
resource == <<resMax, inflight>>
ghost == <<grants, grant, resHigh, resLast>>
vars == <<server, client, resource, ghost, lastStep>>

\* The state without its history: two states that differ only in lastStep are the same state.
View == <<server, client, resource, ghost>>

-----------------------------------------------------------------------------
(* Helpers.                                                                *)

Step(actor, action, args, result) == lastStep' = <<actor, action, <<args, result>>>>
Goto(c, s) == pc' = [pc EXCEPT ![c] = s]
Set(f, c, v) == [f EXCEPT ![c] = v]
Max(a, b) == IF a >= b THEN a ELSE b

\* A child's name as Curator sees it (the protection prefix left out).
Name(n) == "lock-" \o ToString(n.seq)
Names(S) == {Name(n) : n \in S}

\* The token a holder of node n passes to the resource.
TokenOf(n) == IF TokenSource = "czxid" THEN n.czxid ELSE n.seq

\* n is the lowest child of L: the lock is n's owner's, in the server's view.
IsLowest(n) == n \in children /\ \A m \in children : n.seq <= m.seq

\* The child just below n, which n's owner watches.
NextLower(n) ==
    LET lower == {m \in children : m.seq < n.seq}
    IN CHOOSE m \in lower : \A k \in lower : k.seq <= m.seq

\* Node n is deleted: the server fires the watches set on it (one-shot: they are gone).
DeleteNode(n) ==
    /\ children' = children \ {n}
    /\ watch' = [d \in Clients |-> IF watch[d] = n THEN NoNode ELSE watch[d]]
    /\ event' = [d \in Clients |-> event[d] \/ watch[d] = n]

\* An acquisition is over: c forgets its node, the node it was about to watch, its token and
\* its grant.
Forget(c) ==
    /\ mine' = Set(mine, c, NoNode)
    /\ pred' = Set(pred, c, NoNode)
    /\ token' = Set(token, c, 0)
    /\ grant' = Set(grant, c, 0)

\* c is alive, believes it holds the lock, and uses it.
Believes(c) == alive[c] /\ pc[c] \in HoldStates

\* c is waiting for the lock.
Waiting(c) == alive[c] /\ pc[c] \in WaitStates

-----------------------------------------------------------------------------
(* Initial state: no lock node; every client idle, with a live session.    *)
Init ==
    /\ lockNode = FALSE
    /\ children = {}
    /\ cversion = 0
    /\ zxid = 0
    /\ session = [c \in Clients |-> "live"]
    /\ watch = [c \in Clients |-> NoNode]
    /\ event = [c \in Clients |-> FALSE]
    /\ pc = [c \in Clients |-> "idle"]
    /\ alive = [c \in Clients |-> TRUE]
    /\ round = [c \in Clients |-> 0]
    /\ mine = [c \in Clients |-> NoNode]
    /\ pred = [c \in Clients |-> NoNode]
    /\ token = [c \in Clients |-> 0]
    /\ resMax = 0
    /\ inflight = {}
    /\ grants = 0
    /\ grant = [c \in Clients |-> 0]
    /\ resHigh = 0
    /\ resLast = 0
    /\ lastStep = <<"-", "init", <<"", "">>>>

-----------------------------------------------------------------------------
(****************************** The client ********************************)

\* acquire(): create L/lock- EPHEMERAL_SEQUENTIAL (L first, as a container, if missing).
\* Its name carries L's child counter; its czxid is the next zxid. A client whose session
\* expired has a new one by now (Curator opens a new session after LOST).
Create(c) ==
    /\ pc[c] = "idle"
    /\ round[c] < MaxRounds
    /\ LET n == [owner |-> c, seq |-> cversion, czxid |-> zxid + 1]
       IN /\ children' = children \cup {n}
          /\ mine' = Set(mine, c, n)
          /\ token' = Set(token, c, TokenOf(n))
          /\ Step(c, "create", "L/lock-, EPHEMERAL_SEQUENTIAL",
                  Name(n) \o " (czxid " \o ToString(n.czxid) \o ")")
    /\ lockNode' = TRUE
    /\ cversion' = cversion + 1
    /\ zxid' = zxid + 1
    /\ session' = Set(session, c, "live")
    /\ round' = Set(round, c, round[c] + 1)
    /\ Goto(c, "getChildren")
    /\ UNCHANGED <<watch, event, alive, pred, resource, ghost>>

\* getChildren(L): ours is the lowest -> c holds the lock (the grant[c]-th holder);
\* else it will watch the next-lower child.
GetChildren(c) ==
    /\ pc[c] = "getChildren"
    /\ session[c] = "live"
    /\ IF IsLowest(mine[c])
       THEN /\ Goto(c, "held")
            /\ grants' = grants + 1
            /\ grant' = Set(grant, c, grants + 1)
            /\ UNCHANGED pred
       ELSE /\ pred' = Set(pred, c, NextLower(mine[c]))
            /\ Goto(c, "getData")
            /\ UNCHANGED <<grants, grant>>
    /\ Step(c, "getChildren", "L", Names(children))
    /\ UNCHANGED <<server, alive, round, mine, token, resource, resHigh, resLast>>

\* getData(next-lower child, watch): sets a one-shot watch on it; NoNode if it is gone
\* (no watch is set then), and c lists L again at once.
GetData(c) ==
    /\ pc[c] = "getData"
    /\ session[c] = "live"
    /\ IF pred[c] \in children
       THEN /\ watch' = Set(watch, c, pred[c])
            /\ Goto(c, "wait")
            /\ Step(c, "getData", Name(pred[c]) \o ", watch", "ok")
       ELSE /\ UNCHANGED watch
            /\ Goto(c, "getChildren")
            /\ Step(c, "getData", Name(pred[c]) \o ", watch", "NoNode")
    /\ pred' = Set(pred, c, NoNode)
    /\ UNCHANGED <<lockNode, children, cversion, zxid, session, event, alive, round, mine,
                   token, resource, ghost>>

\* The watch event arrives (or a spurious one: Curator's watcher wakes the loop on any event);
\* c lists L again.
WatchEvent(c) ==
    /\ pc[c] = "wait"
    /\ event[c]
    /\ session[c] = "live"
    /\ event' = Set(event, c, FALSE)
    /\ Goto(c, "getChildren")
    /\ Step(c, "watch event", "", "NodeDeleted")
    /\ UNCHANGED <<lockNode, children, cversion, zxid, session, watch, alive, round, mine, pred,
                   token, resource, ghost>>

\* acquire(time, unit) times out while waiting: c will delete its node.
GiveUp(c) ==
    /\ pc[c] = "wait"
    /\ Goto(c, "giveUp")
    /\ Step(c, "time out", "", "")
    /\ UNCHANGED <<server, alive, round, mine, pred, token, resource, ghost>>

\* delete(our node) after a time-out; the watches on it fire.
DeleteOwn(c) ==
    /\ pc[c] = "giveUp"
    /\ session[c] = "live"
    /\ DeleteNode(mine[c])
    /\ Forget(c)
    /\ Goto(c, "idle")
    /\ Step(c, "delete", Name(mine[c]), "ok")
    /\ UNCHANGED <<lockNode, cversion, zxid, session, alive, round, resource, grants, resHigh, resLast>>

\* release(): delete(our node); the watches on it fire (the next waiter's, if any).
Release(c) ==
    /\ pc[c] \in HoldStates
    /\ session[c] = "live"
    /\ DeleteNode(mine[c])
    /\ Forget(c)
    /\ Goto(c, "idle")
    /\ Step(c, "delete", Name(mine[c]), "ok")
    /\ UNCHANGED <<lockNode, cversion, zxid, session, alive, round, resource, grants, resHigh, resLast>>

\* SUSPENDED: the connection dropped while c holds; c stops using the lock. At most once per
\* acquisition (from "held"): a model bound, so that holders cannot be suspended forever.
Suspend(c) ==
    /\ pc[c] = "held"
    /\ Goto(c, "suspended")
    /\ Step(c, "SUSPENDED", "", "stops using the lock")
    /\ UNCHANGED <<server, alive, round, mine, pred, token, resource, ghost>>

\* RECONNECTED within the session: c's node is still there, and c uses the lock again.
Reconnected(c) ==
    /\ pc[c] = "suspended"
    /\ session[c] = "live"
    /\ Goto(c, "resumed")
    /\ Step(c, "RECONNECTED", "", "uses the lock again")
    /\ UNCHANGED <<server, alive, round, mine, pred, token, resource, ghost>>

\* LOST: the client learns that its session has expired (the Expired event when it reconnects,
\* a SESSIONEXPIRED error on its next request, or Curator's own timer after SUSPENDED). Whatever
\* it was doing (waiting, holding, suspended) is over.
LearnLost(c) ==
    /\ pc[c] # "idle"
    /\ session[c] = "expired"
    /\ Forget(c)
    /\ Goto(c, "idle")
    /\ Step(c, "LOST", "", "session expired")
    /\ UNCHANGED <<server, alive, round, resource, grants, resHigh, resLast>>

\* Crash-stop: c takes no further step; its session lives on until the server expires it.
Crash(c) ==
    /\ alive[c]
    /\ pc[c] # "idle"
    /\ alive' = Set(alive, c, FALSE)
    /\ Step(c, "crash", "", "")
    /\ UNCHANGED <<server, pc, round, mine, pred, token, resource, ghost>>

-----------------------------------------------------------------------------
(***************************** The resource *******************************)

\* The resource receives an operation with token t from the g-th holder. It rejects it if it checks
\* tokens and has seen a larger one; otherwise it accepts it and remembers the token.
Receive(t, g) ==
    IF ResourceChecksToken /\ t < resMax
    THEN UNCHANGED <<resMax, resHigh, resLast>>
    ELSE /\ resMax' = Max(resMax, t)
         /\ resHigh' = Max(resHigh, g)
         /\ resLast' = g

Verdict(t) == IF ResourceChecksToken /\ t < resMax THEN "rejected: stale token" ELSE "accepted"

\* c, believing it holds the lock, writes to the resource with its token: sent and received in one
\* step (a client paused before sending looks the same).
Write(c) ==
    /\ Believes(c)
    /\ Receive(token[c], grant[c])
    /\ Step(c, "resource.write", "token " \o ToString(token[c]), Verdict(token[c]))
    /\ UNCHANGED <<server, client, inflight, grants, grant>>

\* c, believing it holds the lock, sends an operation that the network delays: it may arrive after c
\* has released the lock and the next holder has written.
Send(c) ==
    /\ LateDelivery
    /\ Believes(c)
    /\ inflight' = inflight \cup {<<token[c], grant[c]>>}
    /\ Step(c, "resource.send", "token " \o ToString(token[c]), "in flight")
    /\ UNCHANGED <<server, client, resMax, ghost>>

\* The network delivers a delayed operation to the resource.
Deliver ==
    /\ \E m \in inflight :
          /\ inflight' = inflight \ {m}
          /\ Receive(m[1], m[2])
          /\ Step("network", "delivers a write with token " \o ToString(m[1]), "", Verdict(m[1]))
    /\ UNCHANGED <<server, client, grants, grant>>

-----------------------------------------------------------------------------
(****************************** The server ********************************)

\* The session of c expires: c crashed, or (PauseExpiry) c is alive but paused or cut off for
\* longer than its timeout. The server deletes c's ephemeral node and fires the watches on it;
\* c's own watches end with its session. c is told nothing now.
Expire(c) ==
    /\ session[c] = "live"
    /\ pc[c] # "idle"
    /\ ~alive[c] \/ PauseExpiry
    /\ session' = Set(session, c, "expired")
    /\ LET gone == {n \in children : n.owner = c}
       IN \* (gone has at most one node: a client creates one per acquisition and drops it after)
          /\ children' = children \ gone
          /\ watch' = [d \in Clients |-> IF d = c \/ watch[d] \in gone THEN NoNode ELSE watch[d]]
          /\ event' = [d \in Clients |-> IF d = c THEN FALSE ELSE event[d] \/ watch[d] \in gone]
          /\ Step("server", "session of " \o ToString(c) \o " expires", "",
                  IF gone = {} THEN "no ephemeral node"
                  ELSE "its ephemeral node " \o Name(CHOOSE n \in gone : TRUE) \o " is deleted")
    /\ UNCHANGED <<lockNode, cversion, zxid, client, resource, ghost>>

\* The server deletes the container L once it is empty (ContainerManager; only a container that
\* has had children). A new L starts its child counter at 0.
ReapLockNode ==
    /\ ContainerLockNode
    /\ lockNode
    /\ children = {}
    /\ lockNode' = FALSE
    /\ cversion' = 0
    /\ Step("server", "deletes the empty container L", "", "sequence numbers restart at 0")
    /\ UNCHANGED <<children, zxid, session, watch, event, client, resource, ghost>>

-----------------------------------------------------------------------------
\* The steps a live client is obliged to take (weak fairness); crashing, pausing (no step),
\* time-outs, SUSPENDED and operations on the resource are not; nor is the network's delivery.
ClientStep(c) ==
    \/ Create(c) \/ GetChildren(c) \/ GetData(c) \/ WatchEvent(c) \/ DeleteOwn(c) \/ Release(c)
    \/ Reconnected(c) \/ LearnLost(c)

Next ==
    \/ \E c \in Clients :
        \/ alive[c] /\ (ClientStep(c) \/ GiveUp(c) \/ Suspend(c) \/ Write(c) \/ Send(c))
        \/ Crash(c)
        \/ Expire(c)
    \/ ReapLockNode
    \/ Deliver

\* A live client keeps taking steps; the session of a crashed client expires.
Fairness ==
    \A c \in Clients : WF_vars(alive[c] /\ ClientStep(c)) /\ WF_vars(~alive[c] /\ Expire(c))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(******************************* Properties ********************************)

TypeOK ==
    /\ lockNode \in BOOLEAN
    /\ children \subseteq Nodes
    /\ cversion \in 0..MaxNodes
    /\ zxid \in 0..MaxNodes
    /\ session \in [Clients -> {"live", "expired"}]
    /\ watch \in [Clients -> Nodes \cup {NoNode}]
    /\ event \in [Clients -> BOOLEAN]
    /\ pc \in [Clients -> PcStates]
    /\ alive \in [Clients -> BOOLEAN]
    /\ round \in [Clients -> 0..MaxRounds]
    /\ mine \in [Clients -> Nodes \cup {NoNode}]
    /\ pred \in [Clients -> Nodes \cup {NoNode}]
    /\ token \in [Clients -> 0..MaxNodes]
    /\ resMax \in 0..MaxNodes
    /\ inflight \subseteq (0..MaxNodes) \X (1..MaxNodes)
    /\ grants \in 0..MaxNodes
    /\ grant \in [Clients -> 0..MaxNodes]
    /\ resHigh \in 0..MaxNodes
    /\ resLast \in 0..MaxNodes

\* No two clients believe they hold the lock at once. EXPECTED TO BE VIOLATED with PauseExpiry:
\* a paused holder still believes it holds after the server gave the lock to the next client.
BelievedMutualExclusion == \A c, d \in Clients : c # d => ~(Believes(c) /\ Believes(d))

\* The server's view: the lock is held by the owner of the lowest child of L. A client that believes
\* it holds and whose session is still live is that owner, so at most one such client exists.
ServerMutualExclusion ==
    \A c \in Clients : (Believes(c) /\ session[c] = "live") => IsLowest(mine[c])

\* While its session lives, a client that has created its node still has it: only its own delete,
\* or the expiry of its session, removes it.
OwnNodeWhileSessionLives ==
    \A c \in Clients :
        (pc[c] \notin {"idle"} /\ session[c] = "live") => mine[c] \in children

\* A client has at most one node: it creates one per acquisition, and the acquisition ends only
\* when the node is gone (deleted by the client, or with its session).
OneNodePerClient == \A m, n \in children : m.owner = n.owner => m = n

\* Children of L have distinct sequence numbers (Curator's sort order is total).
SequenceNumbersUnique == \A m, n \in children : m.seq = n.seq => m = n

\* The reason the fence works: of two tokens that can still reach the resource (held by clients that
\* believe they hold, or in flight), the later holder's is the larger. (With sequence numbers and
\* a container L, two holders can have equal tokens.)
TokensFollowGrants ==
    LET live == {<<token[c], grant[c]>> : c \in {d \in Clients : Believes(d)}} \cup inflight
    IN \A a, b \in live : a[2] < b[2] => a[1] < b[1]

\* FencedResourceSafe: the resource never accepts an operation from an earlier holder after it has
\* accepted one from a later holder: the last operation it accepted came from the latest holder
\* whose operation it has accepted.
FencedResourceSafe == resLast = resHigh

\* Progress: while clients wait, one of them eventually holds the lock with a live session
\* (also after a holder crashed or was paused past its timeout), unless they all stop waiting.
Progress ==
    (\E c \in Clients : Waiting(c))
        ~> ((\E c \in Clients : Believes(c) /\ session[c] = "live") \/ (\A c \in Clients : ~Waiting(c)))

\* No starvation: a waiting client eventually holds the lock, unless it stops waiting (crash,
\* time-out, LOST). The recipe is first-come, first-served.
NoStarvation == \A c \in Clients : Waiting(c) ~> (Believes(c) \/ ~Waiting(c))

\* Permutations of the clients (none is singled out): for the safety-only models.
ClientSymmetry == Permutations(Clients)
=============================================================================
