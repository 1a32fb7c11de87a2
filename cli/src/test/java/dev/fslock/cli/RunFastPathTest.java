package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link RunFastPath} reads {@code fslock run}'s usual command lines without picocli: whatever it
 * reads, picocli must read the same way (every field of {@link RunCommand} alike), and whatever
 * picocli refuses it must leave to picocli, so that the messages stay picocli's.
 */
class RunFastPathTest {
    private static final PrintWriter ERR = new PrintWriter(new StringWriter());

    /** Options and values, good and bad, and arguments picocli reads in its own ways. */
    private static final List<List<String>> ITEMS = List.of(
            List.of("-n"), List.of("--nonblock"), List.of("--nb"), List.of("--no-wait"), List.of("-v"),
            List.of("--verbose"), List.of("--allow-network-fs"), List.of("-w", "5"), List.of("--wait", "0.5"),
            List.of("--timeout", "2m"), List.of("-w", "5x"), List.of("-w", "-1"), List.of("-w", "0"), List.of("-E", "0"),
            List.of("--conflict-exit-code", "100"), List.of("-E", "70"), List.of("-E", "300"), List.of("-E", "x"),
            List.of("--label", "backup job"), List.of("--label", "-x"), List.of("--label", ""), List.of("--mode", "660"),
            List.of("--mode", "0600"), List.of("--mode", "400"), List.of("--mode", "9"), List.of("-w5"),
            List.of("--wait=5"), List.of("-E0"), List.of("--label=x"), List.of("-nv"), List.of("-h"), List.of("--help"),
            List.of("-V"), List.of("--bogus"), List.of("-"), List.of("second"), List.of(""), List.of("-w"),
            List.of("--label"), List.of("run"), List.of("--"));
    private static final List<List<String>> TAILS = List.of(List.of("--", "true"), List.of("--", "sh", "-c", "exit 3"),
            List.of("--", "--", "-n"), List.of("--"), List.of(), List.of("true"), List.of("--", ""));

    @Test
    void whatItReadsPicocliReadsAlikeAndWhatPicocliRefusesItLeavesToPicocli() {
        Random random = new Random(11);
        int read = 0;
        for (int n = 0; n < 1500; n++) {
            List<String> args = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                args.add(random.nextBoolean() ? "--allow-network-fs" : "-v");
            }
            args.add(random.nextInt(20) == 0 ? "status" : "run");
            int items = random.nextInt(5);
            int lockAt = random.nextInt(8) == 0 ? -1 : random.nextInt(items + 1);
            for (int k = 0; k <= items; k++) {
                if (k == lockAt) {
                    args.add("dir/x.lock");
                }
                if (k < items) {
                    args.addAll(ITEMS.get(random.nextInt(ITEMS.size())));
                }
            }
            args.addAll(TAILS.get(random.nextInt(TAILS.size())));
            if (compare(args.toArray(String[]::new))) {
                read++;
            }
        }
        assertTrue(read > 100, "the fast path read only " + read + " of 1500 command lines");
    }

    @Test
    void theUsualFormsAreReadWithoutPicocli() {
        for (List<String> args : List.of(List.of("run", "x.lock", "--", "true"),
                List.of("run", "-n", "x.lock", "--", "./job", "--opt"),
                List.of("run", "-w", "30", "--label", "backup", "/var/tmp/db.lock", "--", "sh", "-c", "pg_dump"),
                List.of("run", "-n", "-E", "0", "x.lock", "--", "./job"),
                List.of("--allow-network-fs", "run", "--mode", "660", "-v", "x.lock", "--", "true"),
                List.of("run", "x.lock", "--timeout", "1", "--no-wait", "--", "true"),
                List.of("run", "zk://h:2181/a", "--", "true"))) {
            assertTrue(compare(args.toArray(String[]::new)), () -> "not read without picocli: " + args);
        }
    }

    @Test
    void helpRepeatedOptionsAndBadValuesAreLeftToPicocli() {
        for (List<String> args : List.of(List.of("run", "--help"), List.of("run", "-n", "-n", "x.lock", "--", "true"),
                List.of("run", "-n", "--no-wait", "x.lock", "--", "true"), List.of("run", "-w", "5x", "x.lock", "--", "true"),
                List.of("run", "x.lock", "true"), List.of("run", "x.lock", "--"), List.of("run", "--", "x.lock", "true"),
                List.of("run", "a.lock", "b.lock", "--", "true"), List.of("run", "--label=x", "x.lock", "--", "true"))) {
            assertEquals(Optional.empty(), RunFastPath.parse(args.toArray(String[]::new), ERR, false), args::toString);
        }
    }

    /** @return whether the fast path read {@code args} (then picocli read them alike) */
    private static boolean compare(String[] args) {
        Optional<RunCommand> fast = RunFastPath.parse(args, ERR, false);
        if (fast.isEmpty()) {
            return false;
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = new CommandLine(new Main(false)).setExpandAtFiles(false).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            fail("read without picocli, refused by picocli (" + e.getMessage() + "): " + List.of(args));
            return false;
        }
        if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof RunCommand slow)) {
            fail("read without picocli, not a run command for picocli: " + List.of(args));
            return false;
        }
        RunCommand quick = fast.get();
        String what = List.of(args).toString();
        assertEquals(slow.main.allowNetworkFs, quick.main.allowNetworkFs, what);
        assertEquals(slow.timeout, quick.timeout, what);
        assertEquals(slow.noWait, quick.noWait, what);
        assertEquals(slow.conflictExitCode, quick.conflictExitCode, what);
        assertEquals(slow.label, quick.label, what);
        assertEquals(slow.mode, quick.mode, what);
        assertEquals(slow.verbose, quick.verbose, what);
        assertEquals(slow.help, quick.help, what);
        assertEquals(slow.lockName, quick.lockName, what);
        assertEquals(slow.command, quick.command, what);
        assertEquals(parsed.originalArgs(), quick.originalArgs, what);
        return true;
    }
}
