package dev.fslock.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Compares the distinct states and depth a manifest row records with those of TLC's run, so that a
 * change to a spec or a model that changes its state space (a spec edit that silently shrinks a model,
 * a constant that no longer applies) fails until the manifest says so too.
 */
final class CountCheck {

    private CountCheck() {}

    /**
     * The verdict on the counts of {@code entry} (a row of {@code manifest}) after a run that printed
     * {@code out}. Fails on a recorded number that TLC does not print again, and on a count the row
     * must record but does not; a {@code ?} placeholder passes with a note giving TLC's number.
     */
    static TlcOutput.Verdict check(Path manifest, Manifest.Entry entry, TlcOutput out) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        compare(manifest, entry, "distinct", "distinct states", entry.distinct(), out.distinctStates(),
                entry.countRequired(), failures, notes);
        OptionalInt depth = out.depth();
        compare(manifest, entry, "depth", "depth", entry.depth(),
                depth.isPresent() ? OptionalLong.of(depth.getAsInt()) : OptionalLong.empty(),
                entry.depthRequired(), failures, notes);
        if (!failures.isEmpty()) {
            return new TlcOutput.Verdict(false, String.join("\n", failures));
        }
        return new TlcOutput.Verdict(true, String.join("\n", notes));
    }

    private static void compare(Path manifest, Manifest.Entry entry, String column, String what,
                                RecordedCount recorded, OptionalLong printed, boolean required,
                                List<String> failures, List<String> notes) {
        String row = manifest + " line " + entry.line();
        String found = printed.isPresent() ? format(printed.getAsLong()) : "none";
        switch (recorded.kind()) {
            case NUMBER -> {
                if (!recorded.matches(printed)) {
                    failures.add(String.format(Locale.ROOT,
                            "TLC reports %s %s, but %s records %s. The model's state space changed: if the "
                                    + "change to the spec or model is intended, write %s in the '%s' column of "
                                    + "that row (and of the same row in the other manifest that lists it); if not, "
                                    + "find out why the model shrank or grew.",
                            what, found, row, format(recorded.value()),
                            printed.isPresent() ? Long.toString(printed.getAsLong()) : "the new number", column));
                }
            }
            case NOT_RECORDED -> notes.add(String.format(Locale.ROOT,
                    "%s: %s not recorded ('?'); TLC reports %s.", row, what, found));
            case NOT_APPLICABLE, ABSENT -> {
                // TLC prints no depth for a violated liveness property: nothing to record then.
                if (required && printed.isPresent()) {
                    failures.add(String.format(Locale.ROOT,
                            "%s records no %s ('%s' column), but this run's count is the same on every run: "
                                    + "TLC reports %s; write %s there (spec/README.md, \"The manifests\").",
                            row, what, column, found,
                            printed.isPresent() ? Long.toString(printed.getAsLong()) : "it"));
                }
            }
        }
    }

    private static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
