package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.internal.crdt.Stamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a shard of instance 1 (slots 0-8191) concludes from the {@code CRDT.SEEN} records of the others: nothing
 * before it knows every instance and has heard from each for all its slots.
 */
class StabilityTest {

    private static final Stamp NOW = new Stamp(10_000, 0, 1);

    private static byte[][] seen(int instance, int first, int last, long tick, long applied, String knows) {
        return new byte[][] {Stability.SEEN, b(String.valueOf(instance)), b(String.valueOf(first)), b(String.valueOf(last)),
                Stability.text(new Stamp(tick, 0, instance)), Stability.text(new Stamp(applied, 0, instance)), b(knows)};
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void nothingIsStableBeforeTheModelNamesTheInstancesAndEachHasBeenHeardFromForEverySlot() {
        Stability stability = new Stability(1, 0, 8191);
        assertEquals(Stamp.ZERO, stability.stable(NOW), "the model has not named the instances yet");
        stability.instances(Set.of(1, 2, 3));
        stability.take(seen(2, 0, 16383, 9_000, 8_000, "1,2,3"));
        assertEquals(Stamp.ZERO, stability.stable(NOW), "instance 3 not heard from");
        stability.take(seen(3, 0, 4095, 9_500, 8_500, "1,2,3"));
        assertEquals(Stamp.ZERO, stability.stable(NOW), "instance 3 heard from for slots 0-4095 only");
        stability.take(seen(3, 4096, 8191, 9_400, 7_500, "1,2,3"));
        assertEquals(new Stamp(9_000, 0, 2), stability.applied(NOW), "the lowest tick: all of 2 up to 9000 applied here");
        assertEquals(new Stamp(7_500, 0, 3), stability.stable(NOW), "the lowest of what each has applied");
        stability.take(seen(3, 4096, 8191, 9_300, 7_000, "1,2,3"));
        assertEquals(new Stamp(7_500, 0, 3), stability.stable(NOW), "a late record does not move a stream back");
        stability.take(seen(4, 0, 100, 9_000, 9_000, "1,2,3"));
        assertEquals(new Stamp(7_500, 0, 3), stability.stable(NOW), "a record about a shard's own slots only; 4 is not in the model");
    }

    @Test
    void anInstanceThatAnotherKnowsAndThisOneDoesNotYetHoldsEverythingBack() {
        Stability stability = new Stability(1, 0, 8191);
        stability.instances(Set.of(1, 2));
        stability.take(seen(2, 0, 8191, 9_000, 8_000, "1,2"));
        assertEquals(new Stamp(8_000, 0, 2), stability.stable(NOW));
        stability.take(seen(2, 0, 8191, 9_100, 8_100, "1,2,4"));
        assertEquals(Stamp.ZERO, stability.stable(NOW), "instance 2 knows of 4, which nobody has heard from here");
        stability.instances(Set.of(1, 2, 4));
        stability.take(seen(4, 0, 8191, 9_200, 8_200, "1,2"));
        assertEquals(Stamp.ZERO, stability.stable(NOW), "4 does not know 1 yet: what it has applied says nothing of 1's writes");
        stability.take(seen(4, 0, 8191, 9_300, 8_300, "1,2,4"));
        assertEquals(new Stamp(8_100, 0, 2), stability.stable(NOW));
        // 4 removed: the others say so in turn, then its old records stop counting
        stability.instances(Set.of(1, 2));
        assertEquals(Stamp.ZERO, stability.stable(NOW), "2 still knows 4, which no longer counts as heard from");
        stability.take(seen(2, 0, 8191, 9_400, 8_400, "1,2"));
        assertEquals(new Stamp(8_400, 0, 2), stability.stable(NOW));
    }

    @Test
    void aMalformedRecordIsRefusedNamingWhatIsWrongAndThisInstancesOwnIsIgnored() {
        Stability stability = new Stability(1, 0, 8191);
        stability.instances(Set.of(1, 2));
        byte[][] bad = seen(2, 0, 8191, 9_000, 8_000, "1,2");
        bad[4] = b("9000");
        Arguments.Refused refused = assertThrows(Arguments.Refused.class, () -> stability.take(bad));
        assertTrue(refused.getMessage().contains("'9000' is not a stamp"), refused.getMessage());
        byte[][] list = seen(2, 0, 8191, 9_000, 8_000, "1,x");
        refused = assertThrows(Arguments.Refused.class, () -> stability.take(list));
        assertTrue(refused.getMessage().contains("'1,x' is not a list of instance ids"), refused.getMessage());
        assertEquals(null, stability.take(seen(1, 0, 8191, 99_000, 99_000, "1,2")), "its own record, its log replayed");
        assertEquals(Stamp.ZERO, stability.stable(NOW));
    }

    @Test
    void aShardAnswersARecordItCannotReadWithAnErrorReply(@TempDir Path dir) throws Exception {
        try (ShardStore store = ShardStore.openActive(new Shard(1, 1, 1, Shard.MASTER, 0, 16383), 1 << 20,
                dir.resolve("s.log"), 1)) {
            byte[][] bad = seen(2, 0, 8191, 9_000, 8_000, "1,2");
            bad[2] = b("99999999999999999999");
            Reply reply = store.execute(bad);
            assertTrue(reply instanceof Reply.Err, String.valueOf(reply));
        }
    }
}
