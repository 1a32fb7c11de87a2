package dev.fslock.testing;

import dev.fslock.fs.FileOps;
import dev.fslock.protocol.Environment;
import dev.fslock.wait.Clock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

/**
 * Class 9 of the bug catalog (spec MCFsLockFenceCleanerCounting): a cleaner (systemd-tmpfiles, a
 * person) deletes the lock's fence {@code NAME.fence}, here just before every read of it, and tokens
 * that only count ({@code P.fence + 1}: {@link #countingTokens} makes the wall clock read 0, so that
 * fslock's floor {@code max(P.fence + 1, clock)} is only the count). The deletion is a real call of
 * the environment's filesystem, so in the simulation it is a step of its own.
 */
public final class FenceCleaner {
    private FenceCleaner() {}

    /** The filesystem of {@code env}, with a cleaner deleting any {@code *.fence} just before each read of it. */
    public static Environment deletesFenceBeforeEachRead(Environment env) {
        FileOps real = env.fs();
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals("readSymlink") && args[0] instanceof Path p
                        && p.getFileName().toString().endsWith(".fence")) {
                    real.deleteFile(p);
                }
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return env.withFs((FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(),
                new Class<?>[] {FileOps.class}, handler));
    }

    /** The clock of {@code env} with a wall clock that reads 0: tokens then only count. Waiting time is unchanged. */
    public static Environment countingTokens(Environment env) {
        Clock real = env.clock();
        Clock epoch = new Clock() {
            @Override
            public long nanoTime() {
                return real.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return 0;
            }

            @Override
            public long currentTimeMicros() {
                return 0;
            }
        };
        return new Environment(env.fs(), env.liveness(), env.self(), epoch, env.waits(), env.random(), env.nonces(),
                env.observer());
    }
}
