package io.clustersync.core.api;

/**
 * One committed change of the cluster model, as delivered to {@link ModelListener}s.
 *
 * @param kind      what happened
 * @param database  the database after the change (before it, for a drop); null for parameter changes
 * @param attribute the attribute that changed ({@code syncer_mode}, {@code policy}, {@code replica_of}, a parameter
 *                  name), or null
 * @param oldValue  its value before the change, or null
 * @param newValue  its value after the change, or null
 */
public record ModelChange(Kind kind, Database database, String attribute, String oldValue, String newValue) {

    public enum Kind {
        DATABASE_CREATED,
        DATABASE_DROPPED,
        ENDPOINT_BOUND,
        SYNCER_MODE_CHANGED,
        REPLICA_OF_CHANGED,
        READ_ONLY_CHANGED,
        TLS_CHANGED,
        PARAMETER_CHANGED
    }
}
