package dev.fslock.cli;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;

/** MODE on the command line: permission bits in octal, as chmod(1) takes them (660, 0664). */
final class FileModes implements CommandLine.ITypeConverter<Set<PosixFilePermission>> {
    /** PosixFilePermission's order is owner rwx, group rwx, others rwx: bit 8 down to bit 0. */
    private static final PosixFilePermission[] BITS = PosixFilePermission.values();

    @Override
    public Set<PosixFilePermission> convert(String text) {
        return parse(text);
    }

    static Set<PosixFilePermission> parse(String text) {
        if (!text.matches("0?[0-7]{3}")) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a mode: give permission bits in"
                    + " octal, as chmod takes them (660 for owner and group, 666 for everybody); no setuid, setgid"
                    + " or sticky bit");
        }
        int mode = Integer.parseInt(text, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(BITS[i]);
            }
        }
        if (!permissions.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
            throw new CommandLine.TypeConversionException("'" + text + "': the owner needs read and write (6 as the"
                    + " first digit), since fslock writes and reads the files it creates");
        }
        return permissions;
    }
}
