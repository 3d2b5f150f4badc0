package io.clustersync.core.internal;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;

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
final class ModelStore {

    /** A unit of work inside one transaction. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    ModelStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(Work<T> work) {
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

    <T> T read(Work<T> work) {
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

    List<Database> databases(Connection c) throws SQLException {
        Map<Integer, Object[]> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, NAME, SHARD_COUNT, PASSWORD_HASH, SYNCER_MODE FROM DATABASES ORDER BY ID")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), new Object[] {rs.getString(2), rs.getInt(3), rs.getString(4) != null, rs.getString(5)});
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
                    shards.getOrDefault(id, List.of()), endpoints.getOrDefault(id, List.of())));
        }
        return out;
    }

    int insertDatabase(Connection c, String name, int shardCount, String passwordHash, SyncerMode mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO DATABASES (NAME, SHARD_COUNT, PASSWORD_HASH, SYNCER_MODE) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setInt(2, shardCount);
            ps.setString(3, passwordHash);
            ps.setString(4, mode.label());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }

    void insertShard(Connection c, int dbId, int nodeId, String role, int firstSlot, int lastSlot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SHARDS (DB_ID, NODE_ID, ROLE, FIRST_SLOT, LAST_SLOT) VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, dbId);
            ps.setInt(2, nodeId);
            ps.setString(3, role);
            ps.setInt(4, firstSlot);
            ps.setInt(5, lastSlot);
            ps.executeUpdate();
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

    void updateSyncerMode(Connection c, int dbId, SyncerMode mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE DATABASES SET SYNCER_MODE = ? WHERE ID = ?")) {
            ps.setString(1, mode.label());
            ps.setInt(2, dbId);
            ps.executeUpdate();
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

    void audit(Connection c, int nodeId, String action, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (?, ?, ?)")) {
            ps.setInt(1, nodeId);
            ps.setString(2, action);
            ps.setString(3, detail);
            ps.executeUpdate();
        }
    }
}
