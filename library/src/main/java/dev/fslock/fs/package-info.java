/**
 * Filesystem access: the handful of POSIX calls the protocol makes ({@link dev.fslock.fs.FileOps}),
 * and their implementation on {@code java.nio.file} ({@link dev.fslock.fs.NioFileOps}).
 */
package dev.fslock.fs;
