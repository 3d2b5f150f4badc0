package io.clustersync.core.internal.shards;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DUMP payloads: ours read back, and redis-server 7.0's (captured byte for byte) read here. */
class RdbCodecTest {

    @Test
    void aSortedSetDumpedByRedisRestores() throws RdbCodec.BadFormat {
        // DUMP of "ZADD z 8.14 m0" from redis-server 7.0.15: a listpack, LZF-compressed
        byte[] payload = HexFormat.of().parseHex("11c3181f0f1f0000000200826d300392382e313430e00300023613ff0a004cb773809f94f372");
        assertTrue(RdbCodec.verify(payload));
        SortedSetValue zset = (SortedSetValue) RdbCodec.restore(payload);
        assertEquals(8.14, zset.score(new Key("m0".getBytes())));
    }

    @Test
    void ourDumpsReadBack() throws RdbCodec.BadFormat {
        SortedSetValue zset = new SortedSetValue();
        zset.put(new Key("a".getBytes()), 1.5);
        zset.put(new Key("b".getBytes()), Double.NEGATIVE_INFINITY);
        byte[] payload = RdbCodec.dump(zset);
        assertTrue(RdbCodec.verify(payload));
        SortedSetValue back = (SortedSetValue) RdbCodec.restore(payload);
        assertEquals(List.of(Double.NEGATIVE_INFINITY, 1.5), back.entries().stream().map(SortedSetValue.Entry::score).toList());
        payload[3] ^= 1;
        assertTrue(!RdbCodec.verify(payload), "a damaged payload fails its checksum");
    }
}
