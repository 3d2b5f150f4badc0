package io.clustersync.jmxagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's JMX users: {@code etc/jmx.password} ({@code user password}) and {@code etc/jmx.access}
 * ({@code user readwrite|readonly}), read at each login so that a changed password counts at once.
 */
final class JmxUsers {

    private final Path passwordFile;
    private final Path accessFile;

    JmxUsers(Path passwordFile, Path accessFile) {
        this.passwordFile = passwordFile;
        this.accessFile = accessFile;
    }

    /** Whether the password is the user's. */
    boolean passwordMatches(String user, String password) {
        String expected = read(passwordFile).get(user);
        return expected != null && password != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the user may change state (readwrite), not only read. */
    boolean readWrite(String user) {
        return "readwrite".equals(read(accessFile).get(user));
    }

    /** Whether the user has a role at all. */
    boolean hasRole(String user) {
        String access = read(accessFile).get(user);
        return "readwrite".equals(access) || "readonly".equals(access);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && !parts[0].startsWith("#")) {
                    out.put(parts[0], parts[1]);
                }
            }
        } catch (IOException e) {
            // no file: no users
        }
        return out;
    }
}
