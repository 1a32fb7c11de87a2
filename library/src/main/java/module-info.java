/**
 * fslock: a cross-process lock for the JVM built from files alone. The API is package
 * {@link dev.fslock}; every other package is internal.
 */
module dev.fslock {
    exports dev.fslock;
}
