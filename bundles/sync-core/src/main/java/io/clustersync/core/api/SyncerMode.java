package io.clustersync.core.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a database's syncer carries replication traffic: {@link #CENTRALIZED} through one proxy, or
 * {@link #DISTRIBUTED} through the proxy of every node that masters a shard.
 */
public enum SyncerMode {
    CENTRALIZED("centralized"),
    DISTRIBUTED("distributed");

    private final String label;

    SyncerMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses an operator's mode name; an unknown one is refused with the list of valid names. */
    public static SyncerMode parse(String text) {
        String wanted = text == null ? "" : text.trim();
        for (SyncerMode mode : values()) {
            if (mode.label.equalsIgnoreCase(wanted)) {
                return mode;
            }
        }
        throw new ModelException("unknown syncer_mode '" + wanted + "'; valid modes are: " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(SyncerMode::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
