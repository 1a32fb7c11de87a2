package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.testing.ProjectRoot;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the auditor's map honest: the spec-action table in docs/protocol.md lists exactly the
 * actions a process can take in spec/FsLock.tla, {@link SpecAction} names only those, and every
 * Java method the table names exists.
 */
class SpecActionTableTest {
    private static final Path SPEC = ProjectRoot.resolve("spec/FsLock.tla");
    private static final Path DOC = ProjectRoot.resolve("docs/protocol.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|[^|]*(?:\\\\\\|[^|]*)*\\| (.+) \\|$");
    private static final Pattern JAVA_REF = Pattern.compile("`([\\w.]+)#(\\w+)`");

    @Test
    void tableListsEverySpecActionAndNothingElse() throws IOException {
        assertEquals(specActions(), table().keySet(), "docs/protocol.md table vs actions in Next of spec/FsLock.tla");
    }

    @Test
    void everySpecActionEnumConstantIsASpecAction() throws IOException {
        Set<String> java = Arrays.stream(SpecAction.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> spec = specActions();
        assertTrue(spec.containsAll(java), "SpecAction constants missing from the spec: " + minus(java, spec));
        // Every action of the spec has a constant, except the environment's (kills) and those of the
        // spec's `fslock break` actor, which the Java code reports under the waiters' names
        // (BreakerProbe as ProbeOwner...) from an owner of its own: the trace maps them back.
        Set<String> notJava = new TreeSet<>(Set.of("Crash", "ChildCrash"));
        spec.stream().filter(a -> a.startsWith("Breaker")).forEach(notJava::add);
        assertEquals(minus(spec, notJava), java, "spec actions without a SpecAction constant");
    }

    @Test
    void everyJavaMethodNamedInTheTableExists() throws Exception {
        for (Map.Entry<String, String> row : table().entrySet()) {
            Matcher m = JAVA_REF.matcher(row.getValue());
            while (m.find()) {
                String className = m.group(1).contains(".") ? "dev.fslock." + m.group(1) : "dev.fslock.protocol." + m.group(1);
                Class<?> type = Class.forName(className);
                String method = m.group(2);
                boolean exists = Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
                assertTrue(exists, row.getKey() + ": no method " + className + "#" + method);
            }
        }
    }

    /**
     * The actions a process takes: the operators applied to p in Next, ProcStep and ChildStep, and
     * those of the `fslock break` actor, listed in BreakerStep.
     */
    private static Set<String> specActions() throws IOException {
        String spec = Files.readString(SPEC);
        Set<String> actions = new TreeSet<>();
        for (String def : new String[] {"ProcStep(p) ==", "ChildStep(p) ==", "Next =="}) {
            int start = spec.indexOf(def);
            int end = spec.indexOf("\n\n", start);
            Matcher m = Pattern.compile("\\b([A-Z]\\w*)\\(p\\)").matcher(spec.substring(start + def.length(), end));
            while (m.find()) {
                actions.add(m.group(1));
            }
        }
        int start = spec.indexOf("BreakerStep ==");
        int end = spec.indexOf("\n\n", start);
        Matcher m = Pattern.compile("\\b(Breaker[A-Z]\\w*)").matcher(spec.substring(start + "BreakerStep ==".length(), end));
        while (m.find()) {
            actions.add(m.group(1));
        }
        actions.removeAll(Set.of("ProcStep", "ChildStep"));
        return actions;
    }

    private static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("## 6.")) {
                inTable = true;
            } else if (line.startsWith("## ")) {
                inTable = false;
            }
            Matcher m = ROW.matcher(line);
            if (inTable && m.matches()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> r = new TreeSet<>(a);
        r.removeAll(b);
        return r;
    }
}
