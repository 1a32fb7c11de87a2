package dev.fslock;

import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.BreakCore;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.Fence;
import dev.fslock.protocol.LockContents;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.OwnerRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Builds a {@link LockStatus}: reads only, changes nothing; owners are judged as breakers judge them ({@link BreakCore}). */
final class LockInspector {
    private final LockLayout layout;
    private final FileOps fs;
    private final BreakCore judging;

    LockInspector(LockLayout layout, Environment env) {
        this.layout = layout;
        this.fs = env.fs();
        this.judging = BreakCore.of(layout, env);
    }

    LockStatus inspect(Instant now) throws IOException {
        LockContents.Verdict verdict = LockContents.examine(layout, fs);
        List<LockStatus.Holder> holders = new ArrayList<>();
        for (String name : verdict.entries()) {
            holders.add(holder(name));
        }
        LockStatus.State state;
        if (!verdict.isLock()) {
            state = LockStatus.State.FOREIGN;
        } else {
            state = holders.isEmpty() ? LockStatus.State.FREE : LockStatus.State.HELD;
        }
        String foreignKind = state == LockStatus.State.FOREIGN ? verdict.foreignKind() : "";
        return new LockStatus(layout.lock(), state, foreignKind, List.copyOf(holders), verdict.strangers(), leftovers(),
                lastToken(), now);
    }

    private LockStatus.Holder holder(String name) throws IOException {
        BreakCore.Judged judged = judging.judgeEntry(name);
        Optional<OwnerId> owner = judged.owner();
        Liveness verdict = publicForm(judged.liveness());
        Optional<OwnerRecord> record = Optional.empty();
        try {
            if (fs.kind(layout.entry(name)) == FileKind.FILE) { // never open a FIFO or device: it could block
                record = fs.readFile(layout.entry(name)).flatMap(OwnerRecord::decode);
            }
        } catch (IOException e) {
            // An unreadable entry still counts as a holder; its metadata is just unknown.
        }
        Optional<Instant> since = record.map(OwnerRecord::acquired).filter(i -> !i.equals(Instant.EPOCH));
        if (since.isEmpty()) {
            since = fs.modifiedTime(layout.entry(name));
        }
        return new LockStatus.Holder(name, owner.map(o -> publicForm(o.process())), verdict,
                record.map(OwnerRecord::label).orElse(""), since, record.map(OwnerRecord::command).orElse(""));
    }

    private List<LockStatus.Leftover> leftovers() throws IOException {
        List<LockStatus.Leftover> found = new ArrayList<>();
        for (BreakCore.LeftoverFound l : judging.leftovers()) {
            found.add(new LockStatus.Leftover(l.file().fileName(), publicForm(l.file().owner().process()),
                    publicForm(l.liveness())));
        }
        return List.copyOf(found);
    }

    private long lastToken() {
        try {
            return Fence.read(fs, layout.fence()).orElse(0);
        } catch (IOException e) {
            return -1; // corrupt or unreadable: acquisitions report it in full
        }
    }

    /** The failure detector's verdict, as the public API says it: the same three values. */
    static Liveness publicForm(dev.fslock.process.Liveness verdict) {
        return Liveness.valueOf(verdict.name());
    }

    /** A process identity, as the public API shows it. */
    static LockStatus.OwnerProcess publicForm(ProcessIdentity p) {
        return new LockStatus.OwnerProcess(p.host(), p.bootId(), p.pidNamespace(), p.pid(), p.startTime());
    }

    static String describe(FileKind kind) {
        return switch (kind) {
            case FILE -> "regular file";
            case SYMLINK -> "symbolic link";
            case OTHER -> "special file";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
