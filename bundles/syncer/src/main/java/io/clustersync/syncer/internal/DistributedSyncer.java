package io.clustersync.syncer.internal;

import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.spi.SyncerRun;
import io.clustersync.syncer.stream.SplitRun;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code distributed} syncer: one connection to every proxy of the source database, each carrying the
 * streams of the shards mastered on that proxy's node, so that no source node relays another's traffic. It
 * needs a proxy on every source node that masters a shard (source endpoint policy {@code all-master-shards} or
 * {@code all-nodes}) and stops with that message when there is none.
 */
@Component(service = Syncer.class, property = {Syncer.MODE + "=distributed", Syncer.SPREAD + "=true",
        Syncer.PROXIES + "=" + Syncer.PROXIES_EVERY_MASTER_SHARD})
public class DistributedSyncer implements Syncer {

    @Override
    public SyncerRun start(ReplicationTask task) {
        SplitRun run = new SplitRun(task, "distributed", SplitRun::byMasterProxy);
        run.start();
        return run;
    }
}
