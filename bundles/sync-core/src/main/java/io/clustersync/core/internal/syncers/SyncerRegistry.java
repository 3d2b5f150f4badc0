package io.clustersync.core.internal.syncers;

import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.spi.Syncer;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The syncer modes this node serves: one entry per {@link Syncer} service, with what its service properties
 * declare. The model checks an operator's {@code syncer_mode} against it; the replication controller picks the
 * syncer of a mode from it and hears when one comes or goes.
 */
@Component(service = SyncerRegistry.class)
public class SyncerRegistry {

    /** A mode as a syncer service serves it. */
    public record ServedMode(String label, boolean spreads, boolean proxyOnEveryMasterShard, long ranking) {

        static ServedMode of(Map<String, ?> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            return new ServedMode(String.valueOf(properties.get(Syncer.MODE)),
                    "true".equalsIgnoreCase(String.valueOf(properties.get(Syncer.SPREAD))),
                    Syncer.PROXIES_EVERY_MASTER_SHARD.equals(String.valueOf(properties.get(Syncer.PROXIES))),
                    ranking instanceof Number n ? n.longValue() : 0);
        }
    }

    /** Told of each syncer service as it comes and goes, on the thread that registers or unregisters it. */
    public interface Listener {
        void added(Syncer syncer, ServedMode mode);

        void removed(Syncer syncer, ServedMode mode);
    }

    private final Map<Syncer, ServedMode> served = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Reference(service = Syncer.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addSyncer(Syncer syncer, Map<String, Object> properties) {
        ServedMode mode = ServedMode.of(properties);
        served.put(syncer, mode);
        listeners.forEach(l -> l.added(syncer, mode));
    }

    public void removeSyncer(Syncer syncer) {
        ServedMode mode = served.remove(syncer);
        if (mode != null) {
            listeners.forEach(l -> l.removed(syncer, mode));
        }
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    public void unlisten(Listener listener) {
        listeners.remove(listener);
    }

    /** The syncer serving this mode (the highest service ranking where several do), if one is registered. */
    public Optional<Map.Entry<Syncer, ServedMode>> syncerFor(String label) {
        return served.entrySet().stream().filter(e -> e.getValue().label().equals(label))
                .max(Comparator.comparingLong(e -> e.getValue().ranking()));
    }

    /** The modes served here. */
    public SortedSet<String> served() {
        SortedSet<String> labels = new TreeSet<>();
        served.values().forEach(m -> labels.add(m.label()));
        return labels;
    }

    /** The modes an operator may pick: the two built in, and every mode a syncer service serves. */
    public SortedSet<String> known() {
        SortedSet<String> labels = served();
        labels.add(SyncerMode.CENTRALIZED.label());
        labels.add(SyncerMode.DISTRIBUTED.label());
        return labels;
    }

    /** Whether an operator may pick this mode here: built in, or served by a registered syncer. */
    public boolean knows(SyncerMode mode) {
        return mode.builtIn() || syncerFor(mode.label()).isPresent();
    }

    /**
     * Whether a database in this mode needs a proxy on every node holding one of its master shards, as the mode's
     * syncer declares ({@link Syncer#PROXIES}). A built-in mode whose bundle is not started yet keeps the rule
     * its shipped syncer declares: distributed needs them, centralized does not.
     */
    public boolean needsProxyOnEveryMasterShard(SyncerMode mode) {
        return syncerFor(mode.label()).map(e -> e.getValue().proxyOnEveryMasterShard())
                .orElse(mode.equals(SyncerMode.DISTRIBUTED));
    }

    /** Whether the mode's syncer asks to run on every destination node that masters a shard. */
    public boolean spreads(SyncerMode mode) {
        return syncerFor(mode.label()).map(e -> e.getValue().spreads()).orElse(false);
    }
}
