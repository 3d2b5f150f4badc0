package io.clustersync.core.internal.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's keytool, run as a process: the one tool of the JDK that makes and signs certificates. */
final class Keytool {

    private Keytool() {
    }

    /**
     * Runs keytool with these arguments; {@code what} names the result in the error when it fails. Secrets given as
     * arguments must not start with {@code -J} (keytool's launcher takes those as options of its JVM): use hex.
     */
    static void run(String what, String... arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool could not create " + what + ": " + output.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytool + " to create " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + what, e);
        }
    }
}
