package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is made of public types of dev.fslock only: no public or protected member of a
 * public type of dev.fslock names, in its parameters, result, exceptions, fields, type parameters,
 * supertypes or their generic arguments, a type of an internal package (dev.fslock.protocol, fs,
 * process, wait, internal) or a type of dev.fslock that is not public. Checked on every class
 * compiled into dev.fslock.
 */
class PublicApiTest {
    private static final Path PACKAGE = Path.of("target/classes/dev/fslock");

    @Test
    void publicSignaturesNameOnlyPublicTypesOfDevFslockAndTheJdk() throws Exception {
        List<Class<?>> api = publicTypes();
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : api) {
            leaks.addAll(leaks(type));
        }
        assertEquals(Set.of(), leaks, "public signatures that name internal or non-public types");
        assertTrue(api.size() >= 10, "too few public types found in " + PACKAGE + ": " + api);
    }

    @Test
    void theApiIsWhatTheDocsSay() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : publicTypes()) {
            names.add(type.getName().substring("dev.fslock.".length()));
        }
        assertEquals(new TreeSet<>(List.of("BreakAction", "CrossProcessLock", "FsLock", "FsLockOptions", "Liveness",
                "LockCompromisedException", "LockHandle", "LockNotShareableException", "LockStatus",
                "LockStatus$Holder", "LockStatus$Leftover", "LockStatus$OwnerProcess", "LockStatus$State",
                "LockTimeoutException", "LockedAction", "NetworkFileSystemException", "NotALockException")), names,
                "the public types of dev.fslock (docs/library.md lists them; update both)");
    }

    /** The check above can fail: on a type like FsLock's API before this test, it finds every leak. */
    @Test
    void theCheckFindsEveryKindOfLeak() {
        assertEquals(new TreeSet<>(List.of(
                "dev.fslock.PublicApiTest$Leaky.addCoOwner(..) parameter: dev.fslock.process.ProcessIdentity",
                "dev.fslock.PublicApiTest$Leaky.addCoOwner(..) result: dev.fslock.protocol.OwnerId",
                "dev.fslock.PublicApiTest$Leaky.env field: dev.fslock.protocol.Environment",
                "dev.fslock.PublicApiTest$Leaky.handle(..) result: dev.fslock.FsLockHandle",
                "dev.fslock.PublicApiTest$Leaky.of(..) parameter: dev.fslock.protocol.Environment",
                "dev.fslock.PublicApiTest$Leaky.of(..) type parameter: dev.fslock.protocol.Environment",
                "dev.fslock.PublicApiTest$Leaky.owners(..) result: dev.fslock.protocol.OwnerId",
                "dev.fslock.PublicApiTest$Leaky.self(..) throws: dev.fslock.PublicApiTest$InternalFailure",
                "dev.fslock.PublicApiTest$Leaky(..) parameter: dev.fslock.process.ProcessIdentity",
                "dev.fslock.PublicApiTest$Leaky supertype: dev.fslock.PublicApiTest$Hidden")),
                new TreeSet<>(leaks(Leaky.class)));
    }

    /** Every public type of package dev.fslock, nested public types of public types included. */
    private static List<Class<?>> publicTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(PACKAGE)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (simple.equals("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName("dev.fslock." + simple, false, PublicApiTest.class.getClassLoader());
                if (isApi(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** Public, and so are all the types it is nested in. */
    private static boolean isApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** What the public and protected parts of {@code type} name that users cannot or must not use. */
    static List<String> leaks(Class<?> type) {
        List<String> found = new ArrayList<>();
        String name = type.getName();
        check(type.getGenericSuperclass(), name + " supertype", found);
        for (Type i : type.getGenericInterfaces()) {
            check(i, name + " supertype", found);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(v, name + " type parameter", found);
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                check(f.getGenericType(), name + "." + f.getName() + " field", found);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                checkExecutable(c, name + "(..)", found);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                check(m.getGenericReturnType(), name + "." + m.getName() + "(..) result", found);
                checkExecutable(m, name + "." + m.getName() + "(..)", found);
            }
        }
        return found;
    }

    private static void checkExecutable(Executable e, String where, List<String> found) {
        for (Type p : e.getGenericParameterTypes()) {
            check(p, where + " parameter", found);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(x, where + " throws", found);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(v, where + " type parameter", found);
        }
    }

    private static void check(Type type, String where, List<String> found) {
        Set<Class<?>> named = new HashSet<>();
        collect(type, named, new HashSet<>());
        for (Class<?> c : named) {
            if (!allowed(c)) {
                found.add(where + ": " + c.getName());
            }
        }
    }

    /** JDK types, and the public types of dev.fslock. */
    private static boolean allowed(Class<?> c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith("dev.fslock")) {
            return pkg.startsWith("java.") || c.isPrimitive();
        }
        return pkg.equals("dev.fslock") && isApi(c);
    }

    /** Every class a type names: its own, its generic arguments, bounds, array components, owners. */
    private static void collect(Type type, Set<Class<?>> named, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), named, seen);
            } else {
                named.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), named, seen);
            collect(p.getOwnerType(), named, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, named, seen);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, named, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, named, seen);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, named, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), named, seen);
        }
    }

    // --- a type with one leak of each kind, for theCheckFindsEveryKindOfLeak --------------------

    static class Hidden {}

    static class InternalFailure extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Public, but only as a fixture: it is nested in this package-private test class. */
    public static class Leaky extends Hidden {
        public Environment env;
        private OwnerId notApi; // private: not part of the API

        public Leaky(ProcessIdentity p) {}

        public OwnerId addCoOwner(ProcessIdentity child) {
            return null;
        }

        public Optional<List<? extends OwnerId>> owners() {
            return Optional.empty();
        }

        public <E extends Environment> void of(E env) {}

        public String self() throws InternalFailure {
            return "";
        }

        public FsLockHandle handle() {
            return null;
        }

        public String fine(Path path, Optional<LockHandle> h) throws IOException {
            return "";
        }

        OwnerId packagePrivate() {
            return notApi;
        }
    }
}
