/**
 * The lock protocol of spec/FsLock.tla: {@link dev.fslock.protocol.LockProtocol} performs its
 * actions ({@link dev.fslock.protocol.SpecAction}), one filesystem call each; owners are named by
 * {@link dev.fslock.protocol.OwnerId}, files are placed by {@link dev.fslock.protocol.LockLayout}.
 * Everything outside (filesystem, liveness, clock, waiting) comes in through
 * {@link dev.fslock.protocol.Environment}.
 */
package dev.fslock.protocol;
