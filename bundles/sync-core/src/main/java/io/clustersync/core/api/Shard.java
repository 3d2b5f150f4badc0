package io.clustersync.core.api;

/**
 * One shard of a database: the node it lives on, its role there and the contiguous range of hash slots it
 * owns.
 */
public record Shard(int id, int databaseId, int nodeId, String role, int firstSlot, int lastSlot) {

    public static final String MASTER = "master";

    public String ref() {
        return "shard:" + id;
    }

    /** The slot range as the operator reads it, e.g. {@code 0-5460}. */
    public String slots() {
        return firstSlot + "-" + lastSlot;
    }

    public boolean ownsSlot(int slot) {
        return slot >= firstSlot && slot <= lastSlot;
    }
}
