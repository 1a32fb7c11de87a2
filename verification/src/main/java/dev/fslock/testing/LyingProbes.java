package dev.fslock.testing;

import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.protocol.Environment;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * One assumption broken, as the spec variants break it (spec/MCFsLockVariants.tla,
 * spec/MCSeedUnlinkVariants.tla): a liveness probe that calls a live process dead (a false
 * suspicion, or a pid looked up in the wrong PID namespace), the kernel-lock veto switched off or lost. The real probe and the real
 * lock check are still called, so each stays one step of the environment; only their answers lie.
 */
public final class LyingProbes {
    private LyingProbes() {}

    /** A probe that answers DEAD for every process but the caller's own (a false suspicion). */
    public static Environment falseSuspicion(Environment env) {
        LivenessProbe real = env.liveness();
        LivenessProbe lying = owner -> {
            Liveness truth = real.probe(owner);
            return owner.equals(env.self()) ? truth : Liveness.DEAD;
        };
        return env.withLiveness(lying);
    }

    /**
     * Two containers share the lock's directory: processes with odd pids run in one PID namespace,
     * those with even pids in another. The probe looks an owner's pid up in the caller's own
     * namespace (kill(pid, 0), /proc/pid), so an owner of the other one is never found: DEAD,
     * alive or not. Within one namespace the probe tells the truth.
     */
    public static Environment pidLookedUpInOwnNamespace(Environment env) {
        LivenessProbe real = env.liveness();
        long mine = env.self().pid() % 2;
        LivenessProbe confused = owner -> {
            Liveness truth = real.probe(owner);
            return owner.pid() % 2 == mine ? truth : Liveness.DEAD;
        };
        return env.withLiveness(confused);
    }

    /** The filesystem's kernel locks answer {@code answer} to every check of an owner entry's lock. */
    public static Environment entryLocksAnswer(Environment env, EntryLockState answer) {
        FileOps real = env.fs();
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(real, args);
                return method.getName().equals("entryLock") ? answer : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        FileOps lying = (FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(),
                new Class<?>[] {FileOps.class}, handler);
        return env.withFs(lying);
    }
}
