package dev.fslock.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.zookeeper.KeeperException;

/** Curator's and ZooKeeper's exceptions as IOExceptions that name the lock and say what happened. */
final class Failures {
    private Failures() {}

    /**
     * {@code e} as an IOException about {@code lock}; runtime exceptions (a client not started, a
     * bug) and errors are thrown as they are.
     */
    static IOException explain(Exception e, String lock, String doing) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("lock " + lock + ": interrupted while " + doing);
            io.initCause(e);
            return io;
        }
        if (e instanceof IOException io && !(e instanceof KeeperException)) {
            return io;
        }
        String what;
        if (e instanceof KeeperException.ConnectionLossException || e instanceof KeeperException.OperationTimeoutException) {
            what = "ZooKeeper could not be reached in time (connection loss; is the server up, and the connect"
                    + " string right?)";
        } else if (e instanceof KeeperException.SessionExpiredException) {
            what = "the ZooKeeper session expired";
        } else if (e instanceof KeeperException.NoAuthException) {
            what = "ZooKeeper refused it: this client is not allowed by the node's ACL";
        } else if (e instanceof KeeperException k) {
            what = "ZooKeeper failed: " + k.code();
        } else {
            what = String.valueOf(e);
        }
        return new IOException("lock " + lock + ": " + doing + " failed: " + what, e);
    }
}
