package io.clustersync.core.internal.model;

import io.clustersync.core.api.ActiveActive;

/**
 * A change an operator asked of a secondary, forwarded to the primary, which alone orders changes. The
 * primary runs it through the same validation as its own operator's requests. One record per command; the
 * bus carries it through {@link RecordCodec}, so a command's fields are declared once, here.
 */
public sealed interface ModelCommand {

    record CreateDatabase(String name, int shards, int port, String password) implements ModelCommand {
        @Override
        public String toString() {
            return "create-db " + name + " " + shards + " " + port + (password == null ? "" : " (password)");
        }
    }

    record CreateActiveActive(String name, int shards, int port, String password, ActiveActive activeActive)
            implements ModelCommand {
        @Override
        public String toString() {
            return "crdb instance " + activeActive.instance() + " of " + activeActive.id() + ": create-db " + name + " "
                    + shards + " " + port + (password == null ? "" : " (password)");
        }
    }

    record SetActiveActive(String database, ActiveActive activeActive, String password) implements ModelCommand {
        @Override
        public String toString() {
            return "crdb instances of " + database + ": " + activeActive.instances().size();
        }
    }

    record DropDatabase(String database) implements ModelCommand {
    }

    record Bind(String database, String endpoint, String policy) implements ModelCommand {
    }

    record Tune(String database, String parameter, String value) implements ModelCommand {
    }

    record SetParameter(String name, String value) implements ModelCommand {
    }

    record ReplicaOf(String database, String source) implements ModelCommand {
    }

    record Replication(String database, String action) implements ModelCommand {
    }

    /** A row change captured on a secondary (model sync's payload), for the primary to write and order. */
    record Row(byte[] payload, String description) implements ModelCommand {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A file written or deleted on a secondary (model sync's payload), for the primary to write and order. */
    record File(byte[] payload, String description) implements ModelCommand {
        @Override
        public String toString() {
            return description;
        }
    }

    default byte[] encode() {
        return RecordCodec.encode(ModelCommand.class, (Record) this);
    }

    /** Reads a forwarded command; a malformed one is {@link IllegalArgumentException} naming what is wrong. */
    static ModelCommand decode(byte[] data) {
        return RecordCodec.decode(ModelCommand.class, data);
    }
}
