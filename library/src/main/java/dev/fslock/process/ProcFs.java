package dev.fslock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One procfs as this process reads it (normally {@code /proc}), and the two facts a DEAD verdict
 * from it rests on: it is the procfs of our own PID namespace (so {@code PID} there means the pid we
 * record), and it shows every pid (no {@code hidepid}). Tests point it at a copy of real /proc files.
 */
final class ProcFs {
    static final ProcFs SYSTEM = new ProcFs(Path.of("/proc"), "/proc", true);

    private final Path root;
    private final String mountPoint;
    private final boolean checkDevice;
    private volatile ParsedTable lastTable; // the last mount table read and its top mount at mountPoint

    /**
     * @param root        where to read
     * @param mountPoint  the mount point that {@code root} is, as /proc/self/mountinfo spells it
     * @param checkDevice also require that {@code root}'s device is the mount's (off for fixtures,
     *                    which are copies in a temp directory)
     */
    ProcFs(Path root, String mountPoint, boolean checkDevice) {
        this.root = root;
        this.mountPoint = mountPoint;
        this.checkDevice = checkDevice;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    /** The file's content (ISO-8859-1: never fails, whatever bytes a command name holds). */
    String readOrThrow(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.ISO_8859_1);
    }

    Optional<String> read(String relative) {
        try {
            return Optional.of(readOrThrow(relative));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<String> link(String relative) {
        try {
            return Optional.of(Files.readSymbolicLink(path(relative)).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean exists(String relative) {
        return Files.exists(path(relative), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * True if this is the procfs of our PID namespace: {@code self/status} lists our pid from the
     * procfs's namespace down to ours ({@code NSpid}), so exactly one entry, equal to {@code pid}
     * (our getpid()), means the two namespaces are one. A procfs of an ancestor namespace lists
     * more; in any other we are invisible and {@code self} does not resolve. Without an NSpid line
     * (kernels before 4.1) we cannot tell, unless this kernel has no PID namespaces at all.
     */
    boolean isOwnPidNamespace(long pid) {
        Optional<String> status = read("self/status");
        if (status.isEmpty()) {
            return false;
        }
        Optional<String> nspid = field(status.get(), "NSpid:");
        if (nspid.isPresent()) {
            // One pid, ours: no regex split here, this runs on the way to every DEAD verdict.
            return nspid.get().trim().equals(Long.toString(pid));
        }
        return !exists("self/ns/pid") && status.get().contains("\nPid:\t" + pid + "\n");
    }

    /** The rest of the first line of {@code text} that starts with {@code name}, if any. */
    static Optional<String> field(String text, String name) {
        int at = text.startsWith(name) ? 0 : text.indexOf("\n" + name);
        if (at < 0) {
            return Optional.empty();
        }
        int from = at == 0 && text.startsWith(name) ? name.length() : at + 1 + name.length();
        int end = text.indexOf('\n', from);
        return Optional.of(text.substring(from, end < 0 ? text.length() : end));
    }

    /**
     * True only if a live process of our namespace cannot be missing here: the procfs mounted on
     * top at our mount point (the last of a stack, found by parent ids in /proc/self/mountinfo, not
     * the first line of /proc/self/mounts) has no {@code hidepid} other than 0/off. Anything we cannot
     * establish (no such mount: a chroot or a bind of something else; an unreadable table; another
     * device than the one we read) counts as "pids may be hidden".
     */
    boolean showsAllPids() {
        Optional<String> mountinfo = read("self/mountinfo");
        if (mountinfo.isEmpty()) {
            return false;
        }
        Optional<Mount> top = topMountOf(mountinfo.get());
        if (top.isEmpty() || !top.get().type().equals("proc")) {
            return false;
        }
        if (checkDevice && !top.get().device().equals(device(root).orElse(null))) {
            return false;
        }
        return !hidesPids(top.get().mountOptions()) && !hidesPids(top.get().superOptions());
    }

    /**
     * {@link #topMount} of this procfs's mount point in {@code mountinfo}, parsed again only when the
     * table's text differs from the last one's: the same text gives the same answer, and the text
     * is read anew for every check.
     */
    private Optional<Mount> topMountOf(String mountinfo) {
        ParsedTable last = lastTable;
        if (last != null && last.mountinfo().equals(mountinfo)) {
            return last.top();
        }
        Optional<Mount> top = topMount(mountinfo, mountPoint);
        lastTable = new ParsedTable(mountinfo, top);
        return top;
    }

    private record ParsedTable(String mountinfo, Optional<Mount> top) {}

    /** One line of /proc/self/mountinfo: the fields we use. */
    record Mount(long id, long parent, String device, String mountPoint, String mountOptions, String type,
            String superOptions) {
        static Optional<Mount> parse(String line) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 3 >= f.length) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Mount(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], unescape(f[4]), f[5],
                        f[dash + 1], f[dash + 3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The mount on top of a stack at {@code mountPoint}: stacked mounts at one point each have the
     * one below as parent, so the top is the one that is nobody's parent. Empty if there is none
     * or no single one.
     */
    static Optional<Mount> topMount(String mountinfo, String mountPoint) {
        List<Mount> here = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            Mount.parse(line).filter(m -> m.mountPoint().equals(mountPoint)).ifPresent(here::add);
        }
        Set<Long> parents = new HashSet<>();
        here.forEach(m -> parents.add(m.parent()));
        List<Mount> tops = here.stream().filter(m -> !parents.contains(m.id())).toList();
        return tops.size() == 1 ? Optional.of(tops.get(0)) : Optional.empty();
    }

    /** Any hidepid but 0/off hides some live pids: 1/noaccess, 2/invisible, 4/ptraceable. */
    private static boolean hidesPids(String options) {
        for (String option : options.split(",")) {
            if (option.startsWith("hidepid=")) {
                String value = option.substring("hidepid=".length());
                if (!value.equals("0") && !value.equals("off")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal {@code \ooo}. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** {@code major:minor} of the filesystem holding {@code path}, as mountinfo writes it. */
    private static Optional<String> device(Path path) {
        try {
            long dev = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
            // glibc's major()/minor() of a Linux dev_t
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return Optional.of(major + ":" + minor);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a decimal field, empty if it is not one. */
    static OptionalLong parseLong(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
