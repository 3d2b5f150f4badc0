package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;

import java.io.IOException;
import java.util.List;

/** The start of every conversation with a source proxy: AUTH when the source has a password, then CSYNC SHARDS. */
final class SourceHandshake {

    private SourceHandshake() {
    }

    /**
     * The source's master shards as {@code CSYNC SHARDS} lists them. A refused or missing password is a {@link StreamRun.Refused}: no retry cures it.
     */
    static List<SourceShard> shards(SourceConnection conn, ReplicaSource source) throws IOException {
        if (source.password() != null) {
            conn.send("AUTH", source.password());
            if (conn.read() instanceof SourceConnection.SourceError error) {
                throw new StreamRun.Refused("the source " + source.display() + " refused the password: " + error.message());
            }
        }
        conn.send("CSYNC", "SHARDS");
        Object reply = conn.read();
        if (reply instanceof SourceConnection.SourceError error) {
            if (error.message().startsWith("NOAUTH") || error.message().startsWith("WRONGPASS")) {
                throw new StreamRun.Refused("the source " + source.display() + " needs a password: " + error.message());
            }
            throw new IOException("the source answered CSYNC SHARDS with " + error.message());
        }
        if (!(reply instanceof List<?> rows)) {
            throw new IOException("the source answered CSYNC SHARDS with " + SourceConnection.text(reply));
        }
        return SourceShard.of(rows);
    }
}
