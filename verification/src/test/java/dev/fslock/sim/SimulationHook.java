package dev.fslock.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * jqwik lifecycle hook of the simulation properties (those annotated {@link Simulates}).
 * <ul>
 *   <li>Tries: {@link Simulates#tries()} times the system property {@code fslock.test.scale} (1 by
 *       default, 10 with {@code -Pextended}).</li>
 *   <li>{@code -Dfslock.sim.seed=S}: runs with jqwik seed S, as printed by a failing run, to
 *       replay its whole search.</li>
 *   <li>A failure: jqwik's shrunk schedule is minimized further ({@link ScheduleMinimizer}) and
 *       its step list printed and written to {@code target/sim-reports/VARIANT.txt}, with the
 *       tries and time it took to find.</li>
 *   <li>{@link Simulates#expectViolation()}: the protocol is known to be broken; the property
 *       passes if the simulation catches it and fails if it did not within the tries.</li>
 * </ul>
 */
public final class SimulationHook implements AroundPropertyHook {

    /** The property simulates this variant (a {@link SimVariant} label). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Simulates {
        String value();

        /** Base number of tries, scaled by {@code fslock.test.scale}. */
        int tries();

        /** The variant is known to be broken: finding a violation is the expected outcome. */
        boolean expectViolation() default false;
    }

    /** Tries and time until the first violation (before shrinking); the property reports each try. */
    static final class FirstFailure {
        private static long started;
        private static int tries;
        private static int foundAt;
        private static long foundNanos;

        static synchronized void reset() {
            started = System.nanoTime();
            tries = 0;
            foundAt = 0;
            foundNanos = 0;
        }

        static synchronized void tried(boolean violated) {
            tries++;
            if (violated && foundAt == 0) {
                foundAt = tries;
                foundNanos = System.nanoTime() - started;
            }
        }

        static synchronized String describe() {
            return foundAt == 0 ? "not found" : "found after " + foundAt + " tries in "
                    + TimeUnit.NANOSECONDS.toMillis(foundNanos) + " ms";
        }
    }

    public static int scale() {
        return Math.max(1, Integer.getInteger("fslock.test.scale", 1));
    }

    /** Registered on a test class, it applies to the properties in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Optional<Simulates> simulates = context.findAnnotation(Simulates.class);
        if (simulates.isEmpty()) {
            return property.execute();
        }
        SimVariant variant = SimVariant.byLabel(simulates.get().value());
        int tries = simulates.get().tries() * scale();
        context.attributes().setTries(tries);
        String seed = System.getProperty("fslock.sim.seed", "");
        if (!seed.isBlank()) {
            context.attributes().setSeed(seed);
        }
        FirstFailure.reset();
        long started = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        boolean expected = simulates.get().expectViolation();
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            if (expected && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
                return result.mapToFailed("the simulation did not catch " + variant.label() + " within "
                        + tries + " tries (jqwik seed " + result.seed().orElse("?") + ")");
            }
            return result;
        }
        Optional<Schedule> shrunk = result.shrunkSample().flatMap(s -> s.parameters().stream()
                .filter(Schedule.class::isInstance).map(Schedule.class::cast).findFirst());
        Optional<Throwable> why = result.shrunkSample().flatMap(s -> s.falsifyingError());
        if (shrunk.isEmpty() || why.isEmpty() || !(why.get() instanceof AssertionError)) {
            return result; // not a violation the checker found: report jqwik's failure as it is
        }
        Simulation.Result first = variant.run(shrunk.get());
        Optional<Simulation.Violation> kind = variant.counted(first);
        if (kind.isEmpty()) {
            return result.mapToFailed("the shrunk schedule no longer fails when replayed: " + shrunk.get());
        }
        Simulation.Result minimal = ScheduleMinimizer.minimize(first, s -> {
            Simulation.Result r = variant.run(s);
            return variant.counted(r).filter(v -> v.kind() == kind.get().kind()).map(v -> r);
        });
        String seedText = result.seed().orElse("?");
        String report = String.format("%s: violation %s (jqwik seed %s); jqwik shrank it in %d steps, then"
                        + " minimized; %d ms in all.%n"
                        + "replay this search: mvn test -Dtest='%s#%s' -Dfslock.sim.seed=%s%n"
                        + "replay this schedule: mvn test -Dtest=SimulationReplay -Dfslock.sim.variant=%s -Dfslock.sim.replay='%s'%n%n%s",
                variant.label(), FirstFailure.describe(), seedText, result.shrunkSample().get().countShrinkingSteps(),
                millis, context.containerClass().getSimpleName(), context.targetMethod().getName(), seedText,
                variant.label(), minimal.schedule(), minimal.report());
        System.out.println(report);
        write(variant.label(), report);
        return expected ? result.mapToSuccessful() : result.mapToFailed(new AssertionError(report));
    }

    private static void write(String name, String report) {
        try {
            Path dir = Path.of("target", "sim-reports");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
