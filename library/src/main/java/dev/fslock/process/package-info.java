/**
 * Process identity and liveness: who owns a lock entry ({@link dev.fslock.process.ProcessIdentity})
 * and whether that owner still runs ({@link dev.fslock.process.LivenessProbe}, answering
 * {@link dev.fslock.process.Liveness#ALIVE}, {@link dev.fslock.process.Liveness#DEAD} or
 * {@link dev.fslock.process.Liveness#UNKNOWN}). DEAD is only ever answered when certain.
 */
package dev.fslock.process;
