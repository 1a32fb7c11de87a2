package dev.fslock.testing;

import dev.fslock.process.ProcessIdentity;
import java.io.IOException;

/** Real processes for crash scenarios on the real filesystem and /proc. */
public final class Processes {
    private Processes() {}

    /**
     * The pid of a process that has already exited (and been reaped). Pid reuse cannot make an
     * owner built from it look alive as long as its start time is made up ({@link #identityOf}).
     */
    public static long exitedPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    /** A child that lives until destroyed (sleeps a minute at most). */
    public static Process liveChild() throws IOException {
        return new ProcessBuilder("sleep", "60").start();
    }

    /** An identity of this host, boot and PID namespace, for {@code pid} started at {@code startTime}. */
    public static ProcessIdentity identityOf(long pid, String startTime) {
        return TestEnvironments.withPid(ProcessIdentity.current(), pid, startTime);
    }
}
