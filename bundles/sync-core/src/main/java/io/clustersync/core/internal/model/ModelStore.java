package io.clustersync.core.internal.model;

import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.api.TlsMode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the cluster model in the configuration database. It checks nothing: validation is the
 * caller's; every write runs in one transaction.
 */
public final class ModelStore {

    /** A unit of work inside one transaction. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    ModelStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("configuration database: " + e.getMessage(), e);
        }
    }

    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("configuration database: " + e.getMessage(), e);
        }
    }

    void replaceNodes(Connection c, List<ClusterNode> nodes) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM CLUSTER_NODES");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO CLUSTER_NODES (ID, ADDRESS, BUS_PORT) VALUES (?, ?, ?)")) {
            for (ClusterNode node : nodes) {
                ps.setInt(1, node.id());
                ps.setString(2, node.address());
                ps.setInt(3, node.busPort());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    List<ClusterNode> nodes(Connection c) throws SQLException {
        List<ClusterNode> nodes = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, ADDRESS, BUS_PORT FROM CLUSTER_NODES ORDER BY ID")) {
            while (rs.next()) {
                nodes.add(new ClusterNode(rs.getInt(1), rs.getString(2), rs.getInt(3)));
            }
        }
        return nodes;
    }

    public List<Database> databases(Connection c) throws SQLException {
        Map<Integer, Object[]> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, NAME, SHARD_COUNT, PASSWORD_HASH, SYNCER_MODE, REPLICA_STATE, READ_ONLY, ACTIVE_ACTIVE, TLS FROM DATABASES ORDER BY ID")) {
            while (rs.next()) {
                String activeActive = rs.getString(8);
                rows.put(rs.getInt(1), new Object[] {rs.getString(2), rs.getInt(3), rs.getString(4) != null, rs.getString(5),
                        rs.getString(6), rs.getBoolean(7),
                        activeActive == null ? null : RecordCodec.fromText(activeActive, ActiveActive.class),
                        TlsMode.parse(rs.getString(9))});
            }
        }
        Map<Integer, List<ReplicaSource>> sources = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DB_ID, URI FROM REPLICA_SOURCES ORDER BY DB_ID, IDX")) {
            while (rs.next()) {
                sources.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(ReplicaSource.parse(rs.getString(2)));
            }
        }
        Map<Integer, List<Shard>> shards = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, DB_ID, NODE_ID, ROLE, FIRST_SLOT, LAST_SLOT FROM SHARDS ORDER BY DB_ID, FIRST_SLOT")) {
            while (rs.next()) {
                shards.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>())
                        .add(new Shard(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getInt(6)));
            }
        }
        Map<Integer, List<Endpoint>> endpoints = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DB_ID, IDX, PORT, POLICY FROM ENDPOINTS ORDER BY DB_ID, IDX")) {
            while (rs.next()) {
                endpoints.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                        .add(new Endpoint(rs.getInt(1), rs.getInt(2), rs.getInt(3), ProxyPolicy.parse(rs.getString(4))));
            }
        }
        List<Database> out = new ArrayList<>();
        for (Map.Entry<Integer, Object[]> row : rows.entrySet()) {
            int id = row.getKey();
            Object[] v = row.getValue();
            out.add(new Database(id, (String) v[0], (Integer) v[1], (Boolean) v[2], SyncerMode.parse((String) v[3]),
                    shards.getOrDefault(id, List.of()), endpoints.getOrDefault(id, List.of()),
                    sources.getOrDefault(id, List.of()), ReplicaState.parse((String) v[4]), (Boolean) v[5], (ActiveActive) v[6],
                    (TlsMode) v[7]));
        }
        return out;
    }

    /** Takes the next id of a counter ({@code DATABASES}, {@code SHARDS}); ids are never reused. */
    int nextId(Connection c, String counter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXT_ID FROM ID_COUNTERS WHERE NAME = ? FOR UPDATE")) {
            ps.setString(1, counter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("id counter " + counter + " is missing");
                }
                int id = rs.getInt(1);
                raiseCounter(c, counter, id + 1);
                return id;
            }
        }
    }

    /** Makes sure a counter hands out nothing below {@code next} (after ids came from the primary). */
    void raiseCounter(Connection c, String counter, int next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ID_COUNTERS SET NEXT_ID = GREATEST(NEXT_ID, ?) WHERE NAME = ?")) {
            ps.setInt(1, next);
            ps.setString(2, counter);
            ps.executeUpdate();
        }
    }

    void insertDatabase(Connection c, int id, String name, int shardCount, String passwordHash, SyncerMode mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO DATABASES (ID, NAME, SHARD_COUNT, PASSWORD_HASH, SYNCER_MODE) VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, name);
            ps.setInt(3, shardCount);
            ps.setString(4, passwordHash);
            ps.setString(5, mode.label());
            ps.executeUpdate();
        }
        raiseCounter(c, "DATABASES", id + 1);
    }

    void insertShard(Connection c, Shard shard) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SHARDS (ID, DB_ID, NODE_ID, ROLE, FIRST_SLOT, LAST_SLOT) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, shard.id());
            ps.setInt(2, shard.databaseId());
            ps.setInt(3, shard.nodeId());
            ps.setString(4, shard.role());
            ps.setInt(5, shard.firstSlot());
            ps.setInt(6, shard.lastSlot());
            ps.executeUpdate();
        }
        raiseCounter(c, "SHARDS", shard.id() + 1);
    }

    String passwordHash(Connection c, int dbId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT PASSWORD_HASH FROM DATABASES WHERE ID = ?")) {
            ps.setInt(1, dbId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    void insertEndpoint(Connection c, int dbId, int index, int port, ProxyPolicy policy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ENDPOINTS (DB_ID, IDX, PORT, POLICY) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, dbId);
            ps.setInt(2, index);
            ps.setInt(3, port);
            ps.setString(4, policy.label());
            ps.executeUpdate();
        }
    }

    /** Replaces the database's Replica Of sources and state. */
    void writeReplica(Connection c, int dbId, List<ReplicaSource> sources, ReplicaState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM REPLICA_SOURCES WHERE DB_ID = ?")) {
            ps.setInt(1, dbId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO REPLICA_SOURCES (DB_ID, IDX, URI) VALUES (?, ?, ?)")) {
            for (int i = 0; i < sources.size(); i++) {
                ps.setInt(1, dbId);
                ps.setInt(2, i + 1);
                ps.setString(3, sources.get(i).uri());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE DATABASES SET REPLICA_STATE = ? WHERE ID = ?")) {
            ps.setString(1, state.label());
            ps.setInt(2, dbId);
            ps.executeUpdate();
        }
    }

    /** Makes the database an instance of an Active-Active database, or (null) an ordinary one. */
    void writeActiveActive(Connection c, int dbId, ActiveActive activeActive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE DATABASES SET ACTIVE_ACTIVE = ? WHERE ID = ?")) {
            ps.setString(1, activeActive == null ? null : RecordCodec.text(activeActive));
            ps.setInt(2, dbId);
            ps.executeUpdate();
        }
    }

    void deleteDatabase(Connection c, int dbId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM DATABASES WHERE ID = ?")) {
            ps.setInt(1, dbId);
            ps.executeUpdate();
        }
    }

    void updatePolicy(Connection c, int dbId, int index, ProxyPolicy policy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ENDPOINTS SET POLICY = ? WHERE DB_ID = ? AND IDX = ?")) {
            ps.setString(1, policy.label());
            ps.setInt(2, dbId);
            ps.setInt(3, index);
            ps.executeUpdate();
        }
    }

    void updateSetting(Connection c, int dbId, DatabaseSetting setting, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE DATABASES SET " + setting.column() + " = ? WHERE ID = ?")) {
            setting.bind(ps, 1, value);
            ps.setInt(2, dbId);
            ps.executeUpdate();
        }
    }

    /** Writes a database as the primary has it (same ids): its row, settings, shards, endpoints and sources. */
    void replaceDatabase(Connection c, Database db, String passwordHash) throws SQLException {
        deleteDatabase(c, db.id());
        insertDatabase(c, db.id(), db.name(), db.shardCount(), passwordHash, db.syncerMode());
        for (Shard shard : db.shards()) {
            insertShard(c, shard);
        }
        for (Endpoint endpoint : db.endpoints()) {
            insertEndpoint(c, db.id(), endpoint.index(), endpoint.port(), endpoint.policy());
        }
        writeReplica(c, db.id(), db.replicaSources(), db.replicaState());
        writeActiveActive(c, db.id(), db.activeActive());
        for (DatabaseSetting setting : DatabaseSetting.values()) {
            updateSetting(c, db.id(), setting, setting.current(db));
        }
    }

    List<ServerParameter> parameters(Connection c) throws SQLException {
        List<ServerParameter> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT NAME, PARAM_VALUE, IS_LOCAL FROM SERVER_PARAMS ORDER BY NAME")) {
            while (rs.next()) {
                out.add(new ServerParameter(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    void mergeParameter(Connection c, ServerParameter parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "MERGE INTO SERVER_PARAMS (NAME, PARAM_VALUE, IS_LOCAL) KEY (NAME) VALUES (?, ?, ?)")) {
            ps.setString(1, parameter.name());
            ps.setString(2, parameter.value());
            ps.setBoolean(3, parameter.local());
            ps.executeUpdate();
        }
    }

    public long syncState(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NUM_VALUE FROM SYNC_STATE WHERE NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void setSyncState(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO SYNC_STATE (NAME, NUM_VALUE) KEY (NAME) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }

    public void appendLog(Connection c, long seq, byte[] payload, String description) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO SYNC_LOG (SEQ, PAYLOAD, DESCRIPTION) VALUES (?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setBytes(2, payload);
            ps.setString(3, description.length() > 1000 ? description.substring(0, 1000) : description);
            ps.executeUpdate();
        }
    }

    /**
     * Log entries right after {@code seq}, in order, at most {@code limit}, stopping at the first gap: only a
     * contiguous run can be applied (after a promotion the log of the new primary may not reach back).
     */
    public List<byte[]> logAfter(Connection c, long seq, int limit) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SEQ, PAYLOAD FROM SYNC_LOG WHERE SEQ > ? ORDER BY SEQ LIMIT ?")) {
            ps.setLong(1, seq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                long expected = seq + 1;
                while (rs.next() && rs.getLong(1) == expected) {
                    out.add(rs.getBytes(2));
                    expected++;
                }
            }
        }
        return out;
    }

    /** A row change captured by a trigger, not yet handed to the primary's log. */
    public record Captured(long id, byte[] payload) {
    }

    public List<Captured> captured(Connection c, int limit) throws SQLException {
        List<Captured> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, PAYLOAD FROM CAPTURED_ROWS ORDER BY ID LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Captured(rs.getLong(1), rs.getBytes(2)));
                }
            }
        }
        return out;
    }

    public void deleteCaptured(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM CAPTURED_ROWS WHERE ID = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public void recordFailure(Connection c, long seq, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO FAILED_CHANGES (SEQ, REASON) KEY (SEQ) VALUES (?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, reason.length() > 4000 ? reason.substring(0, 4000) : reason);
            ps.executeUpdate();
        }
    }

    public long failureCount(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM FAILED_CHANGES")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void audit(Connection c, int nodeId, String action, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (?, ?, ?)")) {
            ps.setInt(1, nodeId);
            ps.setString(2, action);
            ps.setString(3, detail);
            ps.executeUpdate();
        }
    }
}
