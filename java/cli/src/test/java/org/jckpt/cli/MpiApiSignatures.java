package org.jckpt.cli;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a binding's jar, member by member, as a program compiled against it sees it: each
 * field, constructor and method with its types and its throws clause (a catch of MPIException that
 * compiles against one jar must compile against the other). Classes are loaded, never initialised.
 */
final class MpiApiSignatures {
    private MpiApiSignatures() {
    }

    /** The signatures of the public members of the public classes in {@code jar}, loaded alone. */
    static List<String> of(Path jar) throws IOException, ClassNotFoundException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                JarFile file = new JarFile(jar.toFile())) {
            List<String> classes = file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("mpi/") && n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
            List<String> signatures = new ArrayList<>();
            for (String name : classes) {
                Class<?> c = Class.forName(name, false, loader);
                if (Modifier.isPublic(c.getModifiers())) {
                    signatures.addAll(members(c));
                }
            }
            return signatures;
        }
    }

    /** The signatures in {@code mine} that {@code reference} lacks. */
    static List<String> missingFrom(List<String> reference, List<String> mine) {
        TreeSet<String> missing = new TreeSet<>(mine);
        missing.removeAll(reference);
        return List.copyOf(missing);
    }

    private static List<String> members(Class<?> c) {
        Stream<String> fields = Arrays.stream(c.getDeclaredFields()).filter(MpiApiSignatures::isPublic)
                .map(f -> c.getName() + "." + f.getName() + ": " + f.getType().getName() + (isStatic(f) ? " static" : ""));
        Stream<String> executables = Stream.concat(Arrays.stream(c.getDeclaredConstructors()), Arrays.stream(c.getDeclaredMethods()))
                .filter(e -> Modifier.isPublic(e.getModifiers()) && !overridesObject(e))
                .map(e -> c.getName() + "." + signature(e));
        List<String> all = Stream.concat(fields, executables).collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(all);
        return all;
    }

    private static String signature(Executable e) {
        String name = e instanceof Method m ? m.getName() + ": " + m.getReturnType().getName() : "<init>";
        String exceptions = Arrays.stream(e.getExceptionTypes()).map(Class::getName).sorted().collect(Collectors.joining(","));
        String params = Arrays.stream(e.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
        return name + "(" + params + ")" + (Modifier.isStatic(e.getModifiers()) ? " static" : "") + " throws " + exceptions;
    }

    private static boolean overridesObject(Executable e) {
        return e instanceof Method m && Stream.of("toString", "hashCode", "equals").anyMatch(m.getName()::equals);
    }

    private static boolean isPublic(Field f) {
        return Modifier.isPublic(f.getModifiers());
    }

    private static boolean isStatic(Field f) {
        return Modifier.isStatic(f.getModifiers());
    }
}
