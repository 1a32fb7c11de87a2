package dev.fslock.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages and the bash completion script that the build makes from the command's picocli model
 * (cli/pom.xml, phase process-classes, before the tests), and {@code fslock generate-completion}.
 * What they must contain comes from the model itself, so a new subcommand or option is checked too.
 * The completion is checked by running it in bash, as a shell would on TAB.
 */
class ManPageAndCompletionTest {
    /** Surefire runs in the module's directory. */
    private static final Path TARGET = Path.of("target");
    private static final Path COMPLETION = TARGET.resolve("fslock_completion");
    private static final Path MAN = TARGET.resolve("man");
    private static final Path RUN_MAN_SOURCE = Path.of("src", "main", "man", "fslock-run.adoc");

    @TempDir
    Path dir;

    private static CommandSpec model() {
        return new CommandLine(new Main(false)).getCommandSpec();
    }

    @Test
    void theCompletionScriptIsValidBash() throws Exception {
        Processes.Result check = Processes.run(dir, List.of("bash", "-n", script()));
        assertEquals(0, check.status(), check::toString);
    }

    @Test
    void tabAfterFslockOffersEverySubcommand() throws Exception {
        assertEquals(model().subcommands().keySet(), complete("fslock "));
        assertEquals(Set.of("status"), complete("fslock st"));
    }

    @Test
    void tabAfterADashOffersEveryOptionOfTheSubcommand() throws Exception {
        for (var sub : model().subcommands().entrySet()) {
            Set<String> expected = new HashSet<>();
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                expected.addAll(Arrays.asList(option.names()));
            }
            assertEquals(expected, complete("fslock " + sub.getKey() + " -"), sub.getKey());
        }
        assertTrue(complete("fslock run -").containsAll(Set.of("-n", "--nonblock", "--nb", "-w", "--wait", "-E",
                "--conflict-exit-code")), "flock(1)'s spellings");
        assertEquals(Set.of("--conflict-exit-code"), complete("fslock run --con"));
    }

    @Test
    void generateCompletionPrintsTheScriptTheBuildMade() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"generate-completion"}, new PrintWriter(out), new PrintWriter(err), false);
        assertEquals(0, status, err::toString);
        // The same but for the last line's end: the subcommand prints the script with println.
        assertEquals(Files.readString(COMPLETION, UTF_8).stripTrailing(), out.toString().stripTrailing());
    }

    @Test
    void everyCommandHasAManPage() throws IOException {
        List<String> pages = pageNames();
        assertEquals(5, pages.size(), pages::toString); // fslock, run, status, break, generate-completion
        for (String name : pages) {
            String page = manPage(name);
            String title = name.toUpperCase().replace("-", "\\-");
            assertTrue(page.contains(".TH \"" + title + "\" \"1\""), name + ": no .TH header for section 1");
            // Asciidoctor turns a " -- " of the text into an em dash: in a command line that would be wrong.
            assertFalse(page.contains("\\(em"), name + ": an em dash, probably made of a \"--\"");
            assertFalse(page.contains("\u001b"), name + ": an ANSI escape sequence");
        }
        assertTrue(manPage("fslock").contains(".SH \"COMMANDS\""));
        for (String sub : model().subcommands().keySet()) {
            assertTrue(manPage("fslock").contains("\n\\fB" + sub.replace("-", "\\-") + "\\fP\n"), "fslock(1) lists " + sub);
        }
    }

    @Test
    void theRunManPageDocumentsEveryOptionAndTheDoubleDash() throws IOException {
        String page = manPage("fslock-run");
        for (OptionSpec option : model().subcommands().get("run").getCommandSpec().options()) {
            for (String name : option.names()) {
                // "\fB\-w\fP, \fB\-\-wait, \-\-timeout\fP=\fISECONDS\fP": a name ends at \fP, a comma or =.
                String troff = Pattern.quote(name.replace("-", "\\-"));
                assertTrue(Pattern.compile("(\\\\fB|, )" + troff + "(\\\\fP|,|=)").matcher(page).find(),
                        "fslock-run(1) documents " + name);
            }
        }
        assertTrue(page.contains("\\fILOCK\\fP \\fB\\-\\-\\fP \\fICOMMAND\\fP"), "the synopsis has LOCK -- COMMAND");
        assertTrue(page.contains(".SH \"EXAMPLES:\""), "the examples are there");
    }

    /** src/main/man/fslock-run.adoc writes RunCommand's synopsis out again, with man page fonts. */
    @Test
    void theRunManPageHasTheSynopsisOfTheHelp() throws IOException {
        String synopsis = Files.readAllLines(RUN_MAN_SOURCE, UTF_8).stream()
                .filter(line -> line.startsWith("*fslock run*"))
                .findFirst().orElseThrow(() -> new AssertionError("no synopsis in " + RUN_MAN_SOURCE));
        String plain = synopsis.replace("*", "").replace("_", ""); // bold and italic: the synopsis has no other * or _
        assertEquals(model().subcommands().get("run").getCommandSpec().usageMessage().customSynopsis()[0], plain);
    }

    @Test
    void groffFindsNothingToWarnAbout() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed");
        for (String name : pageNames()) {
            Path page = MAN.resolve(name + ".1").toAbsolutePath();
            Processes.Result check = Processes.run(dir, List.of("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()));
            assertEquals(0, check.status(), check::toString);
            assertEquals("", check.err(), name);
        }
    }

    /** fslock, fslock-run...: what the build must have made, named after the model. */
    private static List<String> pageNames() {
        CommandSpec root = model();
        List<String> names = new ArrayList<>(List.of(root.name()));
        root.subcommands().values().forEach(sub -> names.add(sub.getCommandSpec().qualifiedName("-")));
        return names;
    }

    private static String manPage(String name) throws IOException {
        Path page = MAN.resolve(name + ".1");
        assertTrue(Files.isRegularFile(page), page + " is missing: the build (mvn process-classes) makes it");
        return Files.readString(page, UTF_8);
    }

    private static String script() {
        assertTrue(Files.isRegularFile(COMPLETION), COMPLETION + " is missing: the build (mvn process-classes) makes it");
        return COMPLETION.toAbsolutePath().toString();
    }

    /** What bash offers on TAB at the end of {@code line}: the script's completion function, as bash calls it. */
    private Set<String> complete(String line) throws Exception {
        String program = """
                source "$1" 2>/dev/null
                COMP_LINE=$2
                COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<<"$COMP_LINE"
                [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _complete_fslock fslock 2>/dev/null  # compopt complains outside a real completion
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        Processes.Result result = Processes.run(dir, List.of("bash", "-c", program, "bash", script(), line));
        assertEquals(0, result.status(), result::toString);
        return result.out().isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(result.out().split("\n")));
    }
}
