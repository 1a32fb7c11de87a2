package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library has no runtime dependencies: its compiled classes name no class outside the JDK's
 * {@code java.*} packages and fslock's own. Checked on the class files, where every class a class
 * uses is named in its constant pool (as a class, or inside a type descriptor or signature).
 */
class LibraryHasNoDependenciesTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[\\w$]+)+)[;<]");

    @Test
    void noLibraryClassReferencesAnythingOutsideTheJdkAndFslock() throws IOException {
        Map<String, Set<String>> foreign = new TreeMap<>();
        List<Path> checked;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            checked = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class")) // ModuleExportsTest reads it
                    .toList();
        }
        for (Path classFile : checked) {
            Set<String> outside = outsideJdkAndFslock(Files.readAllBytes(classFile));
            if (!outside.isEmpty()) {
                foreign.put(CLASSES.relativize(classFile).toString(), outside);
            }
        }
        assertTrue(checked.size() > 50, "too few classes found under " + CLASSES + ": " + checked.size());
        assertEquals(Map.of(), foreign, "library classes that use classes outside the JDK and fslock");
    }

    @Test
    void theCheckSeesClassesOutsideTheJdk() throws IOException {
        // The check above can fail: this test class uses JUnit, and the check says so.
        Path self = Path.of("target/test-classes", getClass().getName().replace('.', '/') + ".class");
        Set<String> outside = outsideJdkAndFslock(Files.readAllBytes(self));
        assertTrue(outside.contains("org/junit/jupiter/api/Test"), "JUnit not seen in " + self + ": " + outside);
        assertFalse(outside.contains("java/lang/String"), outside.toString());
    }

    /** The classes a class file names, other than those of java.* and dev.fslock.*. */
    static Set<String> outsideJdkAndFslock(byte[] classFile) throws IOException {
        Set<String> outside = new TreeSet<>();
        for (String name : namedClasses(classFile)) {
            if (!name.startsWith("java/") && !name.startsWith("dev/fslock/")) {
                outside.add(name);
            }
        }
        return outside;
    }

    /** Every class named in a class file's constant pool (JVMS 4.4), in internal form. */
    private static Set<String> namedClasses(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Set<Integer> classNameIndexes = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int index : classNameIndexes) {
            String name = utf8[index];
            if (!name.startsWith("[")) {
                names.add(name);
            }
        }
        for (String s : utf8) {
            if (s != null) {
                Matcher m = IN_DESCRIPTOR.matcher(s); // descriptors and generic signatures: Ljava/util/List<...>;
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
