package dev.fslock.jcstress;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For {@link ResultChecker}: a run of this test fails unless some observed outcome matches
 * {@link #value()} (a regexp over jcstress's outcome strings). Put on tests of known-bad protocols,
 * so that a run too weak to show their bug fails instead of passing quietly.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MustObserve {
    String value();
}
