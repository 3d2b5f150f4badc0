package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.modelsync.SyncedModel;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model as configuration sync sees it, in memory: a change log (on a primary) and the changes applied in
 * sequence order (on a secondary), refusing a gap as the real one does. A payload starting with {@code '!'}
 * cannot be applied (it is recorded as failed and skipped, as the real model does).
 */
final class FakeSyncedModel {

    final List<byte[]> log = new ArrayList<>();
    final List<byte[]> applied = new ArrayList<>();
    long appliedSeq;
    long failed;
    boolean needsFullSync;
    Function<ModelCommand, ConfigSyncLink.Forwarded> executor = command -> {
        throw new UnsupportedOperationException("no executor");
    };

    /** On a primary: orders a change, as a commit does. */
    long order(String change) {
        log.add(change.getBytes());
        appliedSeq = log.size();
        return appliedSeq;
    }

    SyncedModel model() {
        return (SyncedModel) Proxy.newProxyInstance(SyncedModel.class.getClassLoader(), new Class<?>[] {SyncedModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "appliedSeq" -> appliedSeq;
                    case "failedCount" -> failed;
                    case "needsFullSync" -> needsFullSync;
                    case "isPrimary" -> !log.isEmpty();
                    case "logAfter" -> log.subList((int) Math.min(log.size(), (long) args[0]),
                            (int) Math.min(log.size(), (long) args[0] + (int) args[1]));
                    case "apply" -> apply((long) args[0], (byte[]) args[1]);
                    case "execute" -> executor.apply((ModelCommand) args[0]);
                    case "fullSnapshot" -> snapshot();
                    case "rowCount" -> 0L;
                    case "toString" -> "FakeSyncedModel";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private SyncedModel.ApplyOutcome apply(long seq, byte[] payload) {
        if (seq <= appliedSeq) {
            return SyncedModel.ApplyOutcome.ALREADY;
        }
        if (seq != appliedSeq + 1) {
            throw new IllegalStateException("change " + seq + " arrived but only " + appliedSeq + " is applied");
        }
        appliedSeq = seq;
        if (payload.length > 0 && payload[0] == '!') {
            failed++;
            return new SyncedModel.ApplyOutcome(false, "cannot apply " + new String(payload));
        }
        applied.add(payload);
        return SyncedModel.ApplyOutcome.APPLIED;
    }

    /** On a primary: Synchronize All's snapshot of its tables (none carried here) at the current sequence. */
    FullSyncStore.Snapshot snapshot() {
        return new FullSyncStore.Snapshot(appliedSeq, List.of(), Map.of(), Map.of(), Map.of());
    }

    List<String> appliedText() {
        return applied.stream().map(String::new).toList();
    }
}
