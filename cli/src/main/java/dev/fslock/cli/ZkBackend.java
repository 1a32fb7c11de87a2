package dev.fslock.cli;

import dev.fslock.LockCompromisedException;
import dev.fslock.LockTimeoutException;
import dev.fslock.internal.Durations;
import dev.fslock.zookeeper.ZkLock;
import dev.fslock.zookeeper.ZkLockHandle;
import dev.fslock.zookeeper.ZkLockOptions;
import dev.fslock.zookeeper.ZkLockStatus;
import dev.fslock.zookeeper.ZkLockTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * {@code fslock run | status} on a {@code zk://} lock (docs/zookeeper.md, "The command line"). The
 * only class of the command that touches Curator and ZooKeeper: the commands call it for a
 * {@link ZkLockName} only, so a file lock's start-up loads none of their classes.
 *
 * <p>Unlike the file lock's {@link CoOwnedCommand}, the command cannot co-own a ZooKeeper lock: the
 * lock lives as long as this JVM's session. If fslock dies, the session expires after {@link
 * #SESSION} and the lock passes on while the command may still run. If the session ends (or the
 * node is deleted) while fslock lives, it stops the command with SIGTERM and exits {@link
 * ExitCodes#LOCK_LOST}. Fencing tokens are what protect the resource either way.
 */
final class ZkBackend {
    private ZkBackend() {}

    /** The session timeout: how long a crashed fslock's lock stays held, and a cut-off one may run on. */
    static final Duration SESSION = Duration.ofSeconds(10);
    /** How long to try to reach a server before giving up (exit 74). */
    static final Duration CONNECT = Duration.ofSeconds(15);

    /** {@code fslock run zk://...}: acquire, run the command with the token, release. */
    static int run(RunCommand run, ZkLockName name, List<String> argv, SignalRelay signals) throws IOException {
        long started = System.nanoTime();
        try (CuratorFramework client = connect(name)) { // closing it ends the session: nothing stays behind
            String label = run.label != null ? run.label : RunCommand.describe(argv);
            ZkLock lock = ZkLock.open(client, name.path(), ZkLockOptions.defaults().withLabel(label));
            ZkLockHandle held = acquire(run, lock, started);
            run.log("acquired lock " + name + " (fencing token " + held.fencingToken() + ", session 0x"
                    + Long.toHexString(held.sessionId()) + ", node " + held.entryName() + ") after "
                    + Durations.human(Duration.ofNanos(System.nanoTime() - started)));
            int signal = signals.holding();
            if (signal != 0) { // a signal before the command started: it never starts
                held.release();
                return ExitCodes.SIGNALLED + signal;
            }
            return new Holding(run, name, held).runCommand(argv, signals);
        } catch (InterruptedException e) {
            if (signals.pending() != 0) {
                return ExitCodes.SIGNALLED + signals.pending(); // an abandoned acquisition leaves nothing behind
            }
            throw new IllegalStateException("interrupted without a signal", e);
        } catch (LockTimeoutException e) {
            throw new Main.LockBusy(run.conflictExitCode, e.getMessage());
        }
    }

    /** -n: one attempt; -w: until the time is up; else as long as it takes. Says once who holds it before waiting. */
    private static ZkLockHandle acquire(RunCommand run, ZkLock lock, long started)
            throws IOException, InterruptedException {
        try {
            return lock.acquire(Duration.ZERO);
        } catch (ZkLockTimeoutException busy) {
            if (run.noWait) {
                throw busy;
            }
            run.stderr.println("fslock: waiting for " + lock.name() + ", held by "
                    + busy.zkStatus().holder().map(n -> n.describe(Instant.now())).orElse("another client"));
        }
        if (run.timeout == null) {
            return lock.acquireInterruptibly();
        }
        Duration left = run.timeout.minus(Duration.ofNanos(System.nanoTime() - started));
        return lock.acquire(left.isNegative() ? Duration.ZERO : left);
    }

    /** A held lock and the command run under it. */
    private static final class Holding {
        private final RunCommand run;
        private final ZkLockName name;
        private final ZkLockHandle held;
        private final AtomicReference<ZkLockHandle.Event> lost = new AtomicReference<>();
        private volatile Process child;

        Holding(RunCommand run, ZkLockName name, ZkLockHandle held) {
            this.run = run;
            this.name = name;
            this.held = held;
        }

        int runCommand(List<String> argv, SignalRelay signals) throws IOException {
            held.addListener(this::heard); // before the command starts: no event missed
            int status;
            try {
                ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
                Map<String, String> env = builder.environment();
                CallerEnvironment.restore(env);
                env.put(CoOwnedCommand.ENV_LOCK, name.toString());
                env.put(CoOwnedCommand.ENV_TOKEN, Long.toString(held.fencingToken()));
                Process started = builder.start();
                child = started;
                signals.childStarted(started);
                if (lost.get() != null) {
                    stop(started); // lost between the grant and the start
                }
                run.log("running " + String.join(" ", argv) + " as pid " + started.pid());
                status = CoOwnedCommand.awaitExit(started);
                run.log("command (pid " + started.pid() + ") exited with status " + status);
            } catch (IOException | RuntimeException e) {
                ReleaseAfterFailure.release(held::release, e);
                throw e;
            }
            try {
                held.release();
            } catch (LockCompromisedException e) {
                lost.compareAndSet(null, ZkLockHandle.Event.LOST);
            }
            ZkLockHandle.Event why = lost.get();
            if (why != null) {
                run.stderr.println("fslock: lost lock " + name + " while the command ran (" + why.meaning() + "); "
                        + "another client may have held it since: check what was done under it (fencing token "
                        + held.fencingToken() + "). The command exited with status " + status + ".");
                return ExitCodes.LOCK_LOST;
            }
            run.log("released lock " + name);
            return status;
        }

        /** On Curator's event thread: say it, and stop the command once the lock is surely gone. */
        private void heard(ZkLockHandle.Event event) {
            switch (event) {
                case SUSPENDED -> run.stderr.println("fslock: " + name + ": " + event.meaning() + " (in "
                        + Durations.human(SESSION) + " at most); the command goes on unless the session ends");
                case RECONNECTED -> run.stderr.println("fslock: " + name + ": reconnected to ZooKeeper");
                case LOST, NODE_DELETED -> {
                    if (lost.compareAndSet(null, event)) {
                        Process p = child;
                        run.stderr.println("fslock: lost lock " + name + ": " + event.meaning()
                                + (p == null ? "" : "; stopping the command (pid " + p.pid() + ") with SIGTERM"));
                        if (p != null) {
                            stop(p);
                        }
                    }
                }
            }
        }

        /** SIGTERM to the command and what it started (Java cannot make it a process group of its own). */
        private static void stop(Process p) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    /** {@code fslock status zk://...}: the queue, the holder's session, node and token. */
    static int status(ZkLockName name, boolean json, PrintWriter out) throws IOException {
        try (CuratorFramework client = connect(name)) {
            ZkLockStatus status = ZkLock.open(client, name.path()).status();
            out.println(json ? json(name, status) : text(name, status));
            return status.isFree() ? StatusCommand.NOT_BUSY : StatusCommand.BUSY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to ZooKeeper at " + name.connect(), e);
        }
    }

    static String text(ZkLockName name, ZkLockStatus status) {
        StringBuilder s = new StringBuilder("lock ").append(name).append(": ");
        if (status.isFree()) {
            return s.append("free").toString();
        }
        s.append(status.holder().isPresent() ? "held" : "being acquired");
        for (ZkLockStatus.Node n : status.queue()) {
            s.append("\n  ").append(n.role().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(n.describe(status.observedAt()))
                    .append("\n      node:    ").append(name.path()).append('/').append(n.name())
                    .append("\n      session: ").append(n.session())
                    .append(n.role() == ZkLockStatus.Role.WAITING ? "" : "\n      fencing token (czxid): " + n.czxid());
        }
        return s.toString();
    }

    static String json(ZkLockName name, ZkLockStatus status) {
        Json j = new Json().beginObject()
                .name("lock").value(name.toString())
                .name("state").value(status.isFree() ? "free" : status.holder().isPresent() ? "held" : "acquiring")
                .name("observedAt").value(StatusCommand.timestamp(status.observedAt()));
        j.name("queue").beginArray();
        for (ZkLockStatus.Node n : status.queue()) {
            j.beginObject()
                    .name("node").value(name.path() + "/" + n.name())
                    .name("role").value(n.role().name().toLowerCase(Locale.ROOT))
                    .name("session").value(n.session())
                    .name("czxid").value(n.czxid())
                    .name("created").value(StatusCommand.timestamp(n.created()))
                    .name("heldSince").value(n.heldSince().map(StatusCommand::timestamp).orElse(null))
                    .name("fslock").value(n.fslock())
                    .name("host").value(n.fslock() ? n.host() : null);
            if (n.pid() >= 0) {
                j.name("pid").value(n.pid());
            } else {
                j.name("pid").nullValue();
            }
            j.name("label").value(n.label()).endObject();
        }
        j.endArray();
        return j.name("busy").value(!status.isFree()).endObject().toString();
    }

    /** A started client, connected; exit 74 with a hint if no server answers in time. */
    private static CuratorFramework connect(ZkLockName name) throws IOException, InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(name.connect())
                .sessionTimeoutMs((int) SESSION.toMillis()).connectionTimeoutMs((int) CONNECT.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 5, 2_000)).build();
        client.start();
        boolean connected = false;
        try {
            connected = client.blockUntilConnected((int) CONNECT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            if (!connected) {
                client.close();
            }
        }
        if (!connected) {
            throw new IOException("no ZooKeeper server answered at " + name.connect() + " in "
                    + Durations.human(CONNECT) + " (lock " + name + "): is it running? (zookeeper/demo server starts"
                    + " one on this machine)");
        }
        return client;
    }
}
