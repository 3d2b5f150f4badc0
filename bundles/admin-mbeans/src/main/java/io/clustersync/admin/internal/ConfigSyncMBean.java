package io.clustersync.admin.internal;

import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.SyncNodeRow;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.LocalNode;

import java.util.List;

/** The {@code io.clustersync:type=ConfigSync} MXBean. */
final class ConfigSyncMBean implements ConfigSyncMXBean {

    private final ConfigSync sync;
    private final LocalNode node;

    ConfigSyncMBean(ConfigSync sync, LocalNode node) {
        this.sync = sync;
        this.node = node;
    }

    @Override
    public String getLocalNode() {
        return node.identity().ref();
    }

    @Override
    public String getPrimaryNode() {
        return "node:" + node.identity().primaryNodeId();
    }

    @Override
    public long getLastSequence() {
        return sync.lastSequence();
    }

    @Override
    public List<SyncNodeRow> getNodes() {
        int primary = node.identity().primaryNodeId();
        return sync.nodes().stream().map(n -> new SyncNodeRow(n.ref(), n.nodeId() == primary ? "primary" : "secondary",
                n.state(), n.appliedSeq(), n.lastError())).toList();
    }

    @Override
    public List<String> getErrors() {
        return sync.errors();
    }

    @Override
    public String getRulesError() {
        return sync.rulesError();
    }

    @Override
    public String getStatusText() {
        TextTable table = new TextTable("NODE:ID", "ROLE", "STATE", "APPLIED", "LAST_ERROR");
        for (SyncNodeRow row : getNodes()) {
            table.row((row.getNode().equals(getLocalNode()) ? "*" : "") + row.getNode(), row.getRole(), row.getState(),
                    row.getApplied(), row.getLastError());
        }
        String header = "CONFIG SYNC: primary " + getPrimaryNode() + ", last change " + getLastSequence()
                + (node.identity().isPrimary() ? "" : " (as seen from " + getLocalNode() + "; ask the primary for every node)");
        StringBuilder out = new StringBuilder(header).append('\n').append(table.render());
        if (!getRulesError().isEmpty()) {
            out.append("\nRULES: files and tables are not synchronized until this is fixed:\n").append(getRulesError()).append('\n');
        }
        List<String> errors = getErrors();
        if (!errors.isEmpty()) {
            out.append("\nERRORS:\n");
            errors.subList(Math.max(0, errors.size() - 10), errors.size()).forEach(e -> out.append(e).append('\n'));
        }
        return out.toString();
    }

}
