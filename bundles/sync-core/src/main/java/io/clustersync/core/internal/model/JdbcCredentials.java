package io.clustersync.core.internal.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The user and password of the configuration database, for this node and for the JDBC clients of its server:
 * {@code <home>/etc/jdbc.password}, one line {@code <user> <password>}, mode 600. {@code bin/clustersync} writes it
 * at the first start and shows it once; a node started another way (Felix, Karaf) writes it itself when it is
 * missing, and logs where, not what.
 */
record JdbcCredentials(String user, String password) {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCredentials.class);
    static final String FILE = "jdbc.password";
    static final String USER = "clustersync";

    static Path file(Path home) {
        return home.resolve("etc").resolve(FILE);
    }

    /** Reads the node's credentials, making them first when the file is missing; a malformed file is refused by name. */
    static JdbcCredentials of(Path home) {
        Path file = file(home);
        try {
            if (!Files.exists(file)) {
                make(file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            String[] words = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
            if (words.length != 2) {
                throw new IllegalStateException(file + " line 1: write it as '<user> <password>' (the configuration"
                        + " database's user and password)");
            }
            return new JdbcCredentials(words[0], words[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration database's credentials in " + file + ": " + e, e);
        }
    }

    private static void make(Path file) throws IOException {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // made meanwhile by another start: read that one
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, USER + " " + HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
        LOG.info("the configuration database's JDBC user and password were generated and are kept in {} (mode 600)", file);
    }
}
