package io.clustersync.core.internal.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Salted SHA-256 of a database password, stored as {@code sha256$<salt>$<digest>}; the password itself is
 * never stored.
 */
final class PasswordHash {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    static String of(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "sha256$" + HexFormat.of().formatHex(salt) + "$" + digest(salt, password);
    }

    static boolean matches(String stored, String password) {
        String[] parts = stored.split("\\$");
        if (parts.length != 3 || !parts[0].equals("sha256")) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(parts[2]);
        byte[] actual = HexFormat.of().parseHex(digest(HexFormat.of().parseHex(parts[1]), password));
        return MessageDigest.isEqual(expected, actual);
    }

    private static String digest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
