/**
 * Waiting for a held lock: exponential backoff with jitter ({@link dev.fslock.wait.Backoff}),
 * bounded by the probe period, woken early by filesystem events on the lock's parent directory
 * ({@link dev.fslock.wait.WaitStrategy#system()}), on a monotonic {@link dev.fslock.wait.Clock}.
 */
package dev.fslock.wait;
