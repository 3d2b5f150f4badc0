package io.clustersync.syncer.parallel;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.spi.SyncerRun;
import io.clustersync.syncer.stream.SourceShard;
import io.clustersync.syncer.stream.SplitRun;
import org.osgi.service.component.annotations.Component;

import java.util.List;
import java.util.Set;

/**
 * The {@code parallel} syncer, an optional bundle: one connection per source shard, all to the proxy of the source
 * URI (which relays the shards mastered on other source nodes over its cluster bus, as for {@code centralized}).
 * Where one TCP connection's window limits a long link, the shards' streams no longer queue behind each other; it
 * needs no proxy policy beyond the one the URI names.
 */
@Component(service = Syncer.class, property = Syncer.MODE + "=" + ParallelSyncer.MODE)
public class ParallelSyncer implements Syncer {

    static final String MODE = "parallel";

    @Override
    public SyncerRun start(ReplicationTask task) {
        SplitRun run = new SplitRun(task, MODE, ParallelSyncer::byShard);
        run.start();
        return run;
    }

    /** One part per source shard, each through the source URI's proxy. */
    static List<SplitRun.Part> byShard(ReplicaSource source, List<SourceShard> shards) {
        return shards.stream().map(shard -> new SplitRun.Part(shard.name() + " via " + source.host() + ":" + source.port(),
                source.host(), source.port(), Set.of(shard.name()), shard.nodeId())).toList();
    }
}
