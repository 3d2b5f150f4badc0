package io.clustersync.core.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HashSlotTest {

    private static int slot(String key) {
        return HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesRedisCluster() {
        assertEquals(0x31C3, HashSlot.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
        assertEquals(12182, slot("foo"));
        assertEquals(5061, slot("bar"));
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("{user1000}.following"), slot("{user1000}.followers"));
        assertEquals(slot("bar"), slot("foo{bar}{zap}"));
        assertEquals(HashSlot.crc16("{}foo".getBytes(StandardCharsets.US_ASCII), 0, 5) & 16383, slot("{}foo"));
    }
}
