package io.clustersync.core.api;

import java.util.Arrays;
import java.util.Locale;

/** Whether a database replicates its Replica Of sources: {@code enabled}, {@code paused} or {@code disabled}. */
public enum ReplicaState {
    ENABLED, PAUSED, DISABLED;

    /** The word operators see and type. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /** The state named by {@code text} (its label, any case); none names {@link #DISABLED}. */
    public static ReplicaState parse(String text) {
        if (text == null || text.isBlank()) {
            return DISABLED;
        }
        return Arrays.stream(values()).filter(s -> s.label().equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new ModelException("unknown replica state '" + text + "'; states are enabled, paused, disabled"));
    }
}
