package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed change of the cluster model as the primary ships it: the whole new state of the item it
 * touched (a database with its shards and endpoints, a dropped database's id, a parameter), so that applying
 * it twice or after a gap gives the same result, plus what the change was, for local notifications.
 */
record LoggedChange(ModelChange.Kind kind, Database database, String passwordHash, String attribute,
                        String oldValue, String newValue) {

    /** The first byte of a model change's payload in the change log. */
    static final byte PAYLOAD_TAG = 'M';

    static LoggedChange of(ModelChange change, String passwordHash) {
        return new LoggedChange(change.kind(), change.database(), passwordHash, change.attribute(),
                change.oldValue(), change.newValue());
    }

    ModelChange toModelChange() {
        return new ModelChange(kind, database, attribute, oldValue, newValue);
    }

    String describe() {
        return switch (kind) {
            case PARAMETER_CHANGED -> "set parameter " + attribute;
            case DATABASE_CREATED -> "create " + database.ref() + " '" + database.name() + "'";
            case DATABASE_DROPPED -> "drop " + database.ref() + " '" + database.name() + "'";
            case ENDPOINT_BOUND -> "bind " + database.endpoint().id() + " " + newValue;
            case SYNCER_MODE_CHANGED -> "syncer_mode of " + database.ref() + " " + newValue;
            case REPLICA_OF_CHANGED -> "replica-of of " + database.ref() + " " + newValue;
            case READ_ONLY_CHANGED -> "read_only of " + database.ref() + " " + newValue;
        };
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PAYLOAD_TAG);
            out.writeUTF(kind.name());
            writeNullable(out, attribute);
            writeNullable(out, oldValue);
            writeNullable(out, newValue);
            out.writeBoolean(database != null);
            if (database != null) {
                out.writeInt(database.id());
                out.writeUTF(database.name());
                out.writeInt(database.shardCount());
                writeNullable(out, passwordHash);
                out.writeUTF(database.syncerMode().label());
                out.writeInt(database.shards().size());
                for (Shard s : database.shards()) {
                    out.writeInt(s.id());
                    out.writeInt(s.nodeId());
                    out.writeUTF(s.role());
                    out.writeInt(s.firstSlot());
                    out.writeInt(s.lastSlot());
                }
                out.writeInt(database.endpoints().size());
                for (Endpoint e : database.endpoints()) {
                    out.writeInt(e.index());
                    out.writeInt(e.port());
                    out.writeUTF(e.policy().label());
                }
                out.writeUTF(database.replicaState());
                out.writeInt(database.replicaSources().size());
                for (ReplicaSource source : database.replicaSources()) {
                    out.writeUTF(source.uri());
                }
                out.writeBoolean(database.readOnly());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static LoggedChange decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != PAYLOAD_TAG) {
                throw new IOException("not a model change");
            }
            ModelChange.Kind kind = ModelChange.Kind.valueOf(in.readUTF());
            String attribute = readNullable(in);
            String oldValue = readNullable(in);
            String newValue = readNullable(in);
            Database database = null;
            String passwordHash = null;
            if (in.readBoolean()) {
                int id = in.readInt();
                String name = in.readUTF();
                int shardCount = in.readInt();
                passwordHash = readNullable(in);
                SyncerMode mode = SyncerMode.parse(in.readUTF());
                int shards = bounded(in.readInt(), 16384, "shard count");
                List<Shard> shardList = new ArrayList<>(shards);
                for (int i = 0; i < shards; i++) {
                    shardList.add(new Shard(in.readInt(), id, in.readInt(), in.readUTF(), in.readInt(), in.readInt()));
                }
                int endpoints = bounded(in.readInt(), 64, "endpoint count");
                List<Endpoint> endpointList = new ArrayList<>(endpoints);
                for (int i = 0; i < endpoints; i++) {
                    endpointList.add(new Endpoint(id, in.readInt(), in.readInt(), ProxyPolicy.parse(in.readUTF())));
                }
                String replicaState = Database.REPLICA_DISABLED;
                List<ReplicaSource> sources = new ArrayList<>();
                boolean readOnly = false;
                if (in.available() > 0) {
                    replicaState = in.readUTF();
                    int count = bounded(in.readInt(), Database.MAX_REPLICA_SOURCES, "replica source count");
                    for (int i = 0; i < count; i++) {
                        sources.add(ReplicaSource.parse(in.readUTF()));
                    }
                }
                if (in.available() > 0) {
                    readOnly = in.readBoolean();
                }
                database = new Database(id, name, shardCount, passwordHash != null, mode, shardList, endpointList, sources,
                        replicaState, readOnly);
            }
            return new LoggedChange(kind, database, passwordHash, attribute, oldValue, newValue);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed replicated change: " + e.getMessage(), e);
        }
    }

    private static int bounded(int value, int max, String what) throws IOException {
        if (value < 0 || value > max) {
            throw new IOException(what + " " + value + " is out of range");
        }
        return value;
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
