package io.clustersync.core.internal.shards;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationBacklogTest {

    private static byte[][] write(int bytes) {
        return new byte[][] {new byte[bytes]};
    }

    @Test
    void keepsTheNewestWritesWithinItsSize() {
        ReplicationBacklog backlog = new ReplicationBacklog(10_000);
        for (long offset = 1; offset <= 5000; offset++) {
            backlog.add(offset, write(68));
        }
        assertTrue(backlog.bytes() <= 10_000);
        assertEquals(5000 - 100 + 1, backlog.firstOffset());
        assertTrue(backlog.covers(4950, 5000));
        assertTrue(backlog.covers(4900, 5000));
        assertFalse(backlog.covers(4898, 5000));
        List<Object[]> after = backlog.after(4990, 100);
        assertEquals(10, after.size());
        assertEquals(4991L, after.get(0)[0]);
        backlog.resize(1000);
        assertEquals(10, backlog.after(0, 100).size());
        backlog.clear();
        assertEquals(-1, backlog.firstOffset());
        assertTrue(backlog.covers(5000, 5000));
    }
}
