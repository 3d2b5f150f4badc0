package io.clustersync.proxy.internal.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client's transaction state: whether MULTI is open, the commands queued since, whether one of them was refused
 * (EXEC then answers EXECABORT), and the keys it WATCHes with the versions their shards gave.
 */
public final class Transaction {

    /** A queued command. */
    record Queued(CommandSpec spec, byte[][] args) {
    }

    /** A watched key and its version on its shard (known once the shard answered the WATCH). */
    public record Watch(byte[] key, CompletableFuture<Long> version) {
    }

    private boolean open;
    private boolean refused;
    private final List<Queued> queued = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();

    public boolean open() {
        return open;
    }

    void begin() {
        open = true;
        refused = false;
        queued.clear();
    }

    /** A command refused while queuing: EXEC will answer EXECABORT. */
    public void refuse() {
        refused = true;
    }

    boolean refused() {
        return refused;
    }

    public void queue(CommandSpec spec, byte[][] args) {
        queued.add(new Queued(spec, args));
    }

    List<Queued> queued() {
        return queued;
    }

    /** Closes the transaction (after EXEC or DISCARD); the watches are the caller's to release. */
    void end() {
        open = false;
        refused = false;
        queued.clear();
    }

    /** A key watched from now on; its version comes when its shard answers (EXEC waits for it). */
    CompletableFuture<Long> watched(byte[] key) {
        Watch watch = new Watch(key, new CompletableFuture<>());
        watches.add(watch);
        return watch.version();
    }

    public List<Watch> watches() {
        return watches;
    }

    /** The watches, forgotten here (to be released on their shards). */
    List<Watch> takeWatches() {
        List<Watch> all = new ArrayList<>(watches);
        watches.clear();
        return all;
    }
}
