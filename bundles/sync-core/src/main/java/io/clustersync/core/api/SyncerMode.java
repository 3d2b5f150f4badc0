package io.clustersync.core.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a database's syncer carries replication traffic: the name a {@link io.clustersync.core.spi.Syncer} service registers under
 * {@value io.clustersync.core.spi.Syncer#MODE}. Two modes ship with clustersync ({@link #CENTRALIZED}: one connection through one source
 * proxy; {@link #DISTRIBUTED}: one connection to the proxy of every source node that masters a shard); a bundle may
 * register others.
 */
public record SyncerMode(String label) {

    /** Declared before the modes below: their construction checks it. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final SyncerMode CENTRALIZED = new SyncerMode("centralized");
    public static final SyncerMode DISTRIBUTED = new SyncerMode("distributed");

    public SyncerMode {
        if (label == null || !NAME.matcher(label).matches()) {
            throw new ModelException("'" + label + "' is not a syncer_mode name: lower-case letters, digits and '-',"
                    + " starting with a letter, at most 32 characters");
        }
    }

    /** Parses an operator's mode name (any case, surrounding blanks ignored); a malformed one is refused. */
    public static SyncerMode parse(String text) {
        return new SyncerMode(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    }

    /** One of the modes clustersync's own syncer bundle serves. */
    public boolean builtIn() {
        return equals(CENTRALIZED) || equals(DISTRIBUTED);
    }

    @Override
    public String toString() {
        return label;
    }
}
