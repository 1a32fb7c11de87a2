package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Module dev.fslock exports dev.fslock alone, to everybody, opens nothing, and requires nothing but
 * java.base: read from the compiled module-info.class.
 */
class ModuleExportsTest {
    private static final Path CLASSES = Path.of("target/classes");

    /** The module as compiled, with the packages its classes are in (javac does not list them). */
    private static ModuleDescriptor descriptor() throws IOException {
        Set<String> packages = compiledPackages();
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in, () -> packages);
        }
    }

    private static Set<String> compiledPackages() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.filter(p -> p.toString().endsWith(".class") && p.getParent() != null && !p.getParent().equals(CLASSES))
                    .map(p -> CLASSES.relativize(p.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void exportsOnlyTheApiPackage() throws IOException {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.fslock", module.name());
        Set<String> exports = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.fslock"), exports);
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), module.exports().toString());
        assertEquals(Set.of(), module.opens());
        assertTrue(!module.isOpen(), "an open module opens every package to reflection");
    }

    @Test
    void theInternalPackagesAreInTheModuleButNotExported() throws IOException {
        // The check above means something: the module holds the internal packages it does not export.
        Set<String> internal = new TreeSet<>(descriptor().packages());
        internal.remove("dev.fslock");
        assertEquals(Set.of("dev.fslock.fs", "dev.fslock.internal", "dev.fslock.process", "dev.fslock.protocol",
                "dev.fslock.wait"), internal);
    }

    @Test
    void requiresNothingButTheJavaBaseModule() throws IOException {
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), requires, "the library has no dependencies, not even on other JDK modules");
    }
}
