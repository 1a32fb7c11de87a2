package dev.fslock.testing;

import dev.fslock.fs.FileOps;
import dev.fslock.protocol.Environment;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

/**
 * Catalog class 13 (spec MCFsLockFenceInPlace): the fence {@code NAME.fence} rewritten in place,
 * truncate then write, instead of a temp renamed over it. fslock's rename of its fence temp over
 * the fence becomes two calls of the environment's filesystem (two steps in the simulation): the
 * truncate, which leaves the fence empty (read as "no token yet", so it is deleted here), and the
 * write. The write fails whenever the truncate emptied a fence that held a token (a disk that is
 * full at that moment: every second write fails), so that the fence is left empty
 * deterministically, without a crash.
 */
public final class FenceInPlace {
    private FenceInPlace() {}

    /** The filesystem of {@code env}, with every replacement of a {@code *.fence} made as truncate, then write. */
    public static Environment writesFenceInPlace(Environment env) {
        FileOps real = env.fs();
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals("rename") && args[1] instanceof Path to
                        && to.getFileName().toString().endsWith(".fence")) {
                    return truncateThenWrite(real, (Path) args[0], to);
                }
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return env.withFs((FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(),
                new Class<?>[] {FileOps.class}, handler));
    }

    private static boolean truncateThenWrite(FileOps fs, Path next, Path fence) throws IOException {
        boolean hadToken = fs.deleteFile(fence); // the truncate: the fence is empty until the write
        if (hadToken) {
            throw new IOException(fence + ": No space left on device (the write after the truncate)");
        }
        return fs.rename(next, fence); // the write
    }
}
