package io.clustersync.syncer.internal;

import io.clustersync.core.api.ReplicationTask;
import io.clustersync.core.api.Syncer;
import io.clustersync.core.api.SyncerRun;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code distributed} syncer: one connection to every proxy of the source database, each carrying the
 * streams of the shards mastered on that proxy's node, so that no source node relays another's traffic. It
 * needs a proxy on every source node that masters a shard (source endpoint policy {@code all-master-shards} or
 * {@code all-nodes}) and stops with that message when there is none.
 */
@Component(service = Syncer.class, property = {Syncer.MODE + "=distributed", Syncer.SPREAD + "=true"})
public class DistributedSyncer implements Syncer {

    @Override
    public SyncerRun start(ReplicationTask task) {
        SplitRun run = new SplitRun(task, "distributed", SplitRun::byMasterProxy);
        run.start();
        return run;
    }
}
