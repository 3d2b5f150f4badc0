package io.clustersync.core.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's JMX users, as the JMX connector reads them: {@code etc/jmx.password} ({@code user password}) and
 * {@code etc/jmx.access} ({@code user readwrite|readonly}), one user a line, {@code #} starting a comment. Read
 * anew at each call, so that a changed file counts at once (HTTP management checks its users with it, Synchronize
 * All's requirements compare them across nodes).
 */
public final class JmxUserFiles {

    public static final String PASSWORDS = "jmx.password";
    public static final String ACCESS = "jmx.access";

    private JmxUserFiles() {
    }

    /**
     * The users of one of those files in file order, each with the word after its name; empty when the file does
     * not exist (a node of a container that brings its own JMX, such as Karaf).
     *
     * @throws IOException when the file exists but cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && !parts[0].startsWith("#")) {
                    out.put(parts[0], parts[1]);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
