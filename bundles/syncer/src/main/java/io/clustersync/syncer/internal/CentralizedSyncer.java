package io.clustersync.syncer.internal;

import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.spi.SyncerRun;
import io.clustersync.syncer.stream.StreamRun;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code centralized} syncer: one connection from this node to one proxy of the source database carries the
 * replication streams of every source shard (that proxy relays the shards mastered on other nodes of the source
 * over its cluster bus).
 */
@Component(service = Syncer.class, property = Syncer.MODE + "=centralized")
public class CentralizedSyncer implements Syncer {

    @Override
    public SyncerRun start(ReplicationTask task) {
        StreamRun run = new StreamRun(task, "centralized");
        run.start();
        return run;
    }
}
