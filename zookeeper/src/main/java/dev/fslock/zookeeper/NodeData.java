package dev.fslock.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a lock node of ours holds: a few {@code key=value} lines, for {@code status} and for the
 * waiters. {@code state} is {@code acquiring} from the create until its owner has seen its node the
 * lowest, then {@code held}: a {@link ZkLock#tryAcquire()} that finds an {@code acquiring} node
 * first waits a moment for it to settle instead of failing (that owner may be about to withdraw,
 * leaving the lock free). Nodes of other programs (Curator's InterProcessMutex stores the client's
 * IP address) are not ours: {@link #parse} gives empty, and such a node counts as held.
 *
 * @param held  its owner has seen it the lowest: it holds the lock
 * @param host  the owner's host name
 * @param pid   the owner's process id
 * @param label what the owner is doing
 */
record NodeData(boolean held, String host, long pid, String label) {
    private static final String MAGIC = "fslock-zk=1";

    /** This process, acquiring. */
    static NodeData acquiring(String label) {
        return new NodeData(false, LocalHost.name(), ProcessHandle.current().pid(), label);
    }

    NodeData asHeld() {
        return new NodeData(true, host, pid, label);
    }

    byte[] bytes() {
        String text = MAGIC + "\nstate=" + (held ? "held" : "acquiring") + "\nhost=" + oneLine(host) + "\npid=" + pid
                + "\nlabel=" + oneLine(label) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The data of a node of ours; empty for anything else. */
    static Optional<NodeData> parse(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(MAGIC + "\n")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        long pid;
        try {
            pid = Long.parseLong(fields.getOrDefault("pid", "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        return Optional.of(new NodeData("held".equals(fields.get("state")), fields.getOrDefault("host", ""), pid,
                fields.getOrDefault("label", "")));
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
