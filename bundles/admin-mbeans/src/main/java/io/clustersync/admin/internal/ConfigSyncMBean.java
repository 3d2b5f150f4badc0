package io.clustersync.admin.internal;

import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.JobNodeRow;
import io.clustersync.admin.api.SyncNodeRow;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.SyncJobStatus;

import java.time.Instant;
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
                n.state().label(), n.appliedSeq(), n.lastError())).toList();
    }

    @Override
    public List<String> getErrors() {
        return sync.errors();
    }

    @Override
    public String synchronizeAll() {
        return JmxErrors.call(sync::synchronizeAll);
    }

    @Override
    public String promote() {
        return JmxErrors.call(sync::promote);
    }

    @Override
    public String checkRequirements() {
        return JmxErrors.call(() -> {
            TextTable table = new TextTable("CHECK", "RESULT", "DETAIL");
            sync.checkRequirements().forEach(r -> table.row(r.check(), r.passed() ? "PASS" : "FAIL", r.detail()));
            return table.render();
        });
    }

    @Override
    public String verify() {
        return JmxErrors.call(() -> String.join("\n", sync.verify()) + "\n");
    }

    private SyncJobStatus job() {
        return sync.lastJob();
    }

    @Override
    public String getJobId() {
        SyncJobStatus job = job();
        return job == null ? "" : job.id();
    }

    @Override
    public String getJobState() {
        SyncJobStatus job = job();
        return job == null ? "" : job.state().label();
    }

    @Override
    public int getJobProgress() {
        SyncJobStatus job = job();
        return job == null ? 0 : job.progressPercent();
    }

    @Override
    public String getJobStarted() {
        SyncJobStatus job = job();
        return job == null ? "" : Instant.ofEpochMilli(job.startedMs()).toString();
    }

    @Override
    public String getJobEnded() {
        SyncJobStatus job = job();
        return job == null || job.endedMs() == 0 ? "" : Instant.ofEpochMilli(job.endedMs()).toString();
    }

    @Override
    public long getJobSequence() {
        SyncJobStatus job = job();
        return job == null ? 0 : job.sequence();
    }

    @Override
    public List<JobNodeRow> getJobNodes() {
        SyncJobStatus job = job();
        return job == null ? List.of() : job.nodes().stream().map(n -> new JobNodeRow("node:" + n.nodeId(), n.state().label(),
                n.detail(), n.durationMs(), n.administeredAt())).toList();
    }

    @Override
    public List<String> getSyncAllDue() {
        return sync.syncAllDue();
    }

    @Override
    public boolean isNeedsFullSync() {
        return sync.needsFullSync();
    }

    @Override
    public String getLastFullSync() {
        long at = sync.lastFullSyncMs();
        return at == 0 ? "" : Instant.ofEpochMilli(at).toString();
    }

    @Override
    public String getRulesError() {
        return sync.rulesError();
    }

    @Override
    public String getStatusText() {
        TextTable table = new TextTable("NODE:ID", "ROLE", "STATE", "APPLIED", "LAST_ERROR");
        for (SyncNodeRow row : getNodes()) {
            table.row((row.node().equals(getLocalNode()) ? "*" : "") + row.node(), row.role(), row.state(),
                    row.applied(), row.lastError());
        }
        String header = "CONFIG SYNC: primary " + getPrimaryNode() + ", last change " + getLastSequence()
                + (node.identity().isPrimary() ? "" : " (as seen from " + getLocalNode() + "; ask the primary for every node)");
        StringBuilder out = new StringBuilder(header).append('\n').append(table.render());
        if (!node.identity().isPrimary()) {
            out.append("\nlast full synchronization here: ").append(getLastFullSync().isEmpty() ? "never" : getLastFullSync());
            if (isNeedsFullSync()) {
                out.append(" (needs one: its data services stay stopped until Synchronize All reaches it)");
            }
            out.append('\n');
        }
        List<String> due = getSyncAllDue();
        if (!due.isEmpty()) {
            out.append("\nSYNCHRONIZE ALL DUE (run synchronize-all):\n");
            due.forEach(reason -> out.append("  ").append(reason).append('\n'));
        }
        SyncJobStatus job = job();
        if (job != null) {
            out.append("\nLAST SYNCHRONIZE ALL: ").append(job.id()).append(' ').append(job.state()).append(' ')
                    .append(job.progressPercent()).append("% at change ").append(job.sequence()).append('\n');
            for (JobNodeRow row : getJobNodes()) {
                out.append("  ").append(row.node()).append(' ').append(row.state()).append(" in ")
                        .append(row.durationMs()).append(" ms: ").append(row.detail())
                        .append(row.administeredAt().isEmpty() ? "" : " [" + row.administeredAt() + "]").append('\n');
            }
        }
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
