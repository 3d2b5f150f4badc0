package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {

    private static Database database() {
        return new Database(7, "orders", 2, true, SyncerMode.DISTRIBUTED,
                List.of(new Shard(11, 7, 1, Shard.MASTER, 0, 8191), new Shard(12, 7, 2, Shard.MASTER, 8192, 16383)),
                List.of(new Endpoint(7, 1, 12000, ProxyPolicy.ALL_MASTER_SHARDS)),
                List.of(ReplicaSource.parse("redis://:secret@127.0.0.2:12001/orders")), ReplicaState.PAUSED, true);
    }

    @Test
    void aLoggedChangeComesBackWithEveryAttributeOfItsDatabase() {
        LoggedChange change = new LoggedChange(ModelChange.Kind.READ_ONLY_CHANGED, database(), "hash", "read_only",
                "false", "true");
        assertEquals(change, LoggedChange.decode(change.encode()));
        LoggedChange parameter = new LoggedChange(ModelChange.Kind.PARAMETER_CHANGED, null, null, "repl_backlog", null, "2mb");
        assertEquals(parameter, LoggedChange.decode(parameter.encode()));
    }

    @Test
    void everyForwardedCommandComesBackEqual() {
        List<ModelCommand> commands = List.of(new ModelCommand.CreateDatabase("orders", 3, 12000, null),
                new ModelCommand.CreateDatabase("carts", 1, 0, "pw"), new ModelCommand.DropDatabase("db:1"),
                new ModelCommand.Bind("db:1", "1:1", "all-nodes"), new ModelCommand.Tune("db:1", "read_only", "yes"),
                new ModelCommand.SetParameter("repl_backlog", "4mb"), new ModelCommand.ReplicaOf("db:1", "redis://h:1"),
                new ModelCommand.Replication("db:1", "pause"));
        for (ModelCommand command : commands) {
            assertEquals(command, ModelCommand.decode(command.encode()));
        }
        ModelCommand.Row row = new ModelCommand.Row(new byte[] {1, 2, 3}, "write ACCOUNTS 'a'");
        ModelCommand.Row back = (ModelCommand.Row) ModelCommand.decode(row.encode());
        assertArrayEquals(row.payload(), back.payload());
        assertEquals("write ACCOUNTS 'a'", back.toString());
    }

    @Test
    void aDamagedPayloadIsRefusedWithWhatIsWrong() {
        byte[] bytes = new ModelCommand.Bind("db:1", "1:1", "single").encode();
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> ModelCommand.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(cut.getMessage().startsWith("malformed ModelCommand"), cut.getMessage());
        byte[] unknown = new ModelCommand.DropDatabase("db:1").encode();
        unknown[2] = 'X';
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelCommand.decode(unknown)).getMessage()
                .contains("unknown ModelCommand"));
        byte[] change = new LoggedChange(ModelChange.Kind.DATABASE_CREATED, database(), null, null, null, null).encode();
        change[change.length / 2] = (byte) 0xff;
        change[change.length / 2 + 1] = (byte) 0xff;
        assertThrows(IllegalArgumentException.class, () -> LoggedChange.decode(Arrays.copyOf(change, change.length - 1)));
    }
}
