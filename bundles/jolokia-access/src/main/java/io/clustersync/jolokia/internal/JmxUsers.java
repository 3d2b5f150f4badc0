package io.clustersync.jolokia.internal;

import io.clustersync.core.api.JmxUserFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The node's JMX users, read from {@code etc/jmx.password} ({@code user password}) and {@code etc/jmx.access}
 * ({@code user readwrite|readonly}) at each check, so that a changed password counts at once: the same users and
 * roles for HTTP as for JMX.
 */
final class JmxUsers {

    /** What a user may do. */
    enum Role { READ_WRITE, READ_ONLY }

    private final Path etc;

    JmxUsers(Path etc) {
        this.etc = etc;
    }

    /**
     * The role of the user an HTTP {@code Authorization: Basic ...} header names when its password is right, else
     * null (no header, another scheme, a malformed one, an unknown user, a wrong password, or no role).
     */
    Role check(String authorization) {
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null) {
            return null;
        }
        String user = credentials.user();
        String password = credentials.password();
        String expected = read(JmxUserFiles.PASSWORDS).get(user);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String access = read(JmxUserFiles.ACCESS).get(user);
        if ("readwrite".equals(access)) {
            return Role.READ_WRITE;
        }
        return "readonly".equals(access) ? Role.READ_ONLY : null;
    }

    private Map<String, String> read(String file) {
        try {
            return JmxUserFiles.read(etc.resolve(file));
        } catch (IOException e) {
            return Map.of();
        }
    }
}
