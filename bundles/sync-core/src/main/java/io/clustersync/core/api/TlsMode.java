package io.clustersync.core.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a database's proxy endpoints speak TLS ({@code tune db <db> tls no|yes|mutual}): not at all, with the
 * node's certificate (issued by the cluster's CA, {@code etc/cluster-ca.pem}), or with it and a client certificate
 * issued by that CA required of every client.
 */
public enum TlsMode {
    NO("no"),
    YES("yes"),
    MUTUAL("mutual");

    private final String label;

    TlsMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether clients speak TLS to the proxies. */
    public boolean on() {
        return this != NO;
    }

    /** Parses an operator's word (any case; true/false and on/off too); anything else is refused with the choices. */
    public static TlsMode parse(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "no", "false", "off" -> NO;
            case "yes", "true", "on" -> YES;
            case "mutual" -> MUTUAL;
            default -> throw new ModelException("tls is no, yes or mutual (client certificates required), not '" + text + "'"
                    + " (choices: " + String.join(", ", Arrays.stream(values()).map(TlsMode::label).toList()) + ")");
        };
    }
}
