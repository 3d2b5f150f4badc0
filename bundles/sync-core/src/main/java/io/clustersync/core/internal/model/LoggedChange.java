package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelChange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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
        DatabaseSetting setting = DatabaseSetting.of(kind);
        if (setting != null) {
            return setting.label() + " of " + database.ref() + " " + newValue;
        }
        return switch (kind) {
            case PARAMETER_CHANGED -> "set parameter " + attribute;
            case DATABASE_CREATED -> "create " + database.ref() + " '" + database.name() + "'";
            case DATABASE_DROPPED -> "drop " + database.ref() + " '" + database.name() + "'";
            case ENDPOINT_BOUND -> "bind " + database.endpoint().id() + " " + newValue;
            case REPLICA_OF_CHANGED -> "replica-of of " + database.ref() + " " + newValue;
            default -> kind + " of " + (database == null ? attribute : database.ref()) + " " + newValue;
        };
    }

    /** The payload in the change log: the tag, then this record as {@link RecordCodec} writes it. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PAYLOAD_TAG);
            RecordCodec.write(out, this);
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
            return (LoggedChange) RecordCodec.read(in, LoggedChange.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed model change: " + e.getMessage(), e);
        }
    }
}
