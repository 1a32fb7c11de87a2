package dev.fslock;

import dev.fslock.fs.FileKind;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockLayout;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Where a lock lives, as {@link FsLock#open} checks it once: the lock's directory, which must exist
 * and be a directory, with its symbolic links resolved; and that directory's filesystem, which must
 * not be a network filesystem unless the options allow it.
 *
 * @param layout         the lock in its real directory
 * @param fileSystemType the directory's filesystem type; "unknown" if it cannot be read and
 *                       network filesystems are allowed
 */
record LockDirectory(LockLayout layout, String fileSystemType) {
    private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs",
            "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "fuse.sshfs", "sshfs", "davfs",
            "fuse.glusterfs", "fuse.cephfs", "webdav", "coda",
            // shared between a hypervisor's host and its guests (and between guests): other kernels
            "virtiofs", "vboxsf", "vmhgfs", "fuse.vmhgfs-fuse", "prl_fs",
            // cluster filesystems on shared block devices, mounted by several kernels at once
            "ocfs2", "gfs2", "orangefs",
            // FUSE clients of network storage
            "fuse.ceph-fuse", "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "fuse.juicefs", "fuse.mfs", "fuse.davfs2");

    /** Reads only; throws as {@link FsLock#open(Path, FsLockOptions)} documents. */
    static LockDirectory check(LockLayout given, FsLockOptions options, Environment env) throws IOException {
        // One lock, one name: resolve the directory's symbolic links, so that the same lock reached
        // through an alias is the same key for the per-thread re-acquisition check.
        Path parent = realDirectory(given, env);
        LockLayout layout = new LockLayout(parent.resolve(given.lock().getFileName()));
        String type = fileSystemType(layout, options, env);
        if (!options.allowNetworkFileSystem() && isNetworkFileSystem(type)) {
            throw new NetworkFileSystemException(layout.parent().toString(), type);
        }
        return new LockDirectory(layout, type);
    }

    static boolean isNetworkFileSystem(String type) {
        return NETWORK_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    private static String fileSystemType(LockLayout layout, FsLockOptions options, Environment env) throws IOException {
        try {
            return env.fs().fileSystemType(layout.parent());
        } catch (IOException e) {
            if (!options.allowNetworkFileSystem()) {
                throw e;
            }
            return "unknown";
        }
    }

    private static Path realDirectory(LockLayout given, Environment env) throws IOException {
        Path parent;
        try {
            parent = env.fs().realPath(given.parent());
        } catch (NoSuchFileException e) {
            parent = given.parent();
        }
        FileKind kind = env.fs().kind(parent);
        if (kind == FileKind.ABSENT) {
            throw new NoSuchFileException(given.parent().toString(), null,
                    "the directory of lock " + given.lock() + " does not exist; create it first");
        }
        if (kind != FileKind.DIRECTORY) {
            throw new NotDirectoryException(given.parent() + " (the directory of lock " + given.lock()
                    + ") is a " + LockInspector.describe(kind) + ", not a directory");
        }
        return parent;
    }
}
