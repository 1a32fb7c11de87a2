package dev.fslock.process;

import java.util.Locale;
import java.util.Set;

/**
 * Filesystem types that only one running kernel can have mounted at a time, as
 * {@code FileStore.type()} names them. On these an owner entry naming our host with another boot id
 * was written by a kernel that no longer has the filesystem: an earlier boot of this machine (so
 * its processes are gone), or a machine the disk was moved from. Everything else (NFS, SMB, 9p,
 * virtiofs, vboxsf, FUSE, cluster filesystems such as ocfs2 and gfs2, and any type we do not know)
 * may be shared with another running kernel, maybe a clone of this machine with the same host
 * name: there another boot id proves nothing, and the owner is UNKNOWN.
 */
final class SingleKernelFileSystems {
    private SingleKernelFileSystems() {}

    private static final Set<String> TYPES = Set.of(
            // local block filesystems: mounting one read-write from two kernels corrupts it
            "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs", "nilfs2", "bcachefs", "zfs",
            "vfat", "exfat", "ntfs3", "hfsplus",
            // FUSE on a local block device (ntfs-3g, exfat-fuse): the same argument
            "fuseblk",
            // memory filesystems: they live in one kernel's memory
            "tmpfs", "ramfs",
            // overlayfs writes to its upper layer, which may not change under a mounted overlay
            // (NFS is not supported as upper): one kernel at a time, like a block device
            "overlay");

    static boolean contains(String fileSystemType) {
        return fileSystemType != null && TYPES.contains(fileSystemType.toLowerCase(Locale.ROOT));
    }
}
