package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelChange.Kind;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After a full synchronization replaced the model at once, tells the listeners what changed, as the
 * individual changes would have: databases dropped, created, rebound, or with another syncer mode.
 */
final class ModelDiff {

    private ModelDiff() {
    }

    static void publish(List<Database> before, List<Database> after, ModelEvents events) {
        Map<Integer, Database> old = before.stream().collect(Collectors.toMap(Database::id, Function.identity()));
        Map<Integer, Database> now = after.stream().collect(Collectors.toMap(Database::id, Function.identity()));
        for (Database db : before) {
            Database then = now.get(db.id());
            if (then == null || !then.name().equals(db.name())) {
                events.publish(new ModelChange(Kind.DATABASE_DROPPED, db, null, null, null));
            }
        }
        for (Database db : after) {
            Database was = old.get(db.id());
            if (was == null || !was.name().equals(db.name())) {
                events.publish(new ModelChange(Kind.DATABASE_CREATED, db, null, null, null));
                continue;
            }
            if (was.endpoint().policy() != db.endpoint().policy()) {
                events.publish(new ModelChange(Kind.ENDPOINT_BOUND, db, "policy", was.endpoint().policy().label(),
                        db.endpoint().policy().label()));
            }
            for (DatabaseSetting setting : DatabaseSetting.values()) {
                if (!setting.current(was).equals(setting.current(db))) {
                    events.publish(new ModelChange(setting.kind(), db, setting.label(), setting.current(was),
                            setting.current(db)));
                }
            }
            if (!was.replicaSources().equals(db.replicaSources()) || !was.replicaState().equals(db.replicaState())) {
                events.publish(new ModelChange(Kind.REPLICA_OF_CHANGED, db, "replica_of", was.replicaState().label(),
                        db.replicaState().label()));
            }
        }
    }
}
