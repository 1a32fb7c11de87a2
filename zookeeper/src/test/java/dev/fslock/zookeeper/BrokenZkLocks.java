package dev.fslock.zookeeper;

import dev.fslock.LockHandle;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * A broken single-attempt version of the lock recipe, made of {@link ZkLock}'s own requests
 * ({@link LockQueue}), for the lincheck test to catch: a suite that cannot tell it from the real
 * lock proves nothing.
 */
final class BrokenZkLocks {
    private BrokenZkLocks() {}

    /** The node's position in the queue that the broken recipe takes for "held". */
    @FunctionalInterface
    private interface Rule {
        boolean holds(int position);
    }

    /**
     * Off by one: the two lowest nodes both count as held, as if the holder's node were not looked
     * at. Two owners hold the lock at once whenever both try.
     */
    static ZkLockAsObject.TryLock secondInLineHolds(CuratorFramework client, String path) {
        return () -> attempt(new LockQueue(client, path), position -> position <= 1);
    }

    private static Optional<LockHandle> attempt(LockQueue queue, Rule rule) throws IOException {
        try {
            LockQueue.OwnNode node = queue.create(NodeData.acquiring("broken"));
            List<String> children = queue.children();
            if (rule.holds(children.indexOf(node.name()))) {
                return Optional.of(new Held(queue, node));
            }
            queue.delete(node);
            return Optional.empty();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A node taken for the lock; valid until released. */
    private static final class Held implements LockHandle {
        private final LockQueue queue;
        private final LockQueue.OwnNode node;
        private final Instant acquiredAt = Instant.now();
        private volatile boolean released;

        Held(LockQueue queue, LockQueue.OwnNode node) {
            this.queue = queue;
            this.node = node;
        }

        @Override
        public long fencingToken() {
            return node.czxid();
        }

        @Override
        public Instant acquiredAt() {
            return acquiredAt;
        }

        @Override
        public String entryName() {
            return node.name();
        }

        @Override
        public boolean isValid() {
            return !released;
        }

        @Override
        public void release() throws IOException {
            released = true;
            try {
                queue.delete(node);
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
