package io.clustersync.admin.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the jar an operator names for {@code bundle install} is, and whether it can be a bundle at all. */
final class BundleJars {

    private BundleJars() {
    }

    /** An absolute path as it is, a relative one under the install folder; refused unless it is a readable .jar. */
    static Path resolve(String jarPath, String installFolder) {
        if (jarPath == null || jarPath.isBlank()) {
            throw new IllegalArgumentException("bundle install needs the path of a jar");
        }
        Path named = Path.of(jarPath.trim());
        Path jar = named.isAbsolute() || installFolder == null ? named : Path.of(installFolder).resolve(named);
        jar = jar.toAbsolutePath().normalize();
        if (!jar.getFileName().toString().endsWith(".jar")) {
            throw new IllegalArgumentException(jar + " is not a jar (a bundle is a .jar file)");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new IllegalArgumentException("no readable jar at " + jar + " on this node's machine");
        }
        return jar;
    }
}
