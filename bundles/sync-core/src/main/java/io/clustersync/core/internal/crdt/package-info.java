/**
 * The conflict-free value types of Active-Active databases: each instance writes locally and ships its writes;
 * every instance merges what arrives with these types, and all converge to one state whatever the order. Each
 * type's merge is commutative, associative and idempotent (CrdtPropertiesTest drives them with random
 * operations and interleavings).
 */
package io.clustersync.core.internal.crdt;
