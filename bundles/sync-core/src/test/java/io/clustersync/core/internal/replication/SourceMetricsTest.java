package io.clustersync.core.internal.replication;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceMetricsTest {

    @Test
    void theLastErrorSaysWhenItWasMetAndStaysOnceTheReplicationRecovers() {
        SourceMetrics metrics = new SourceMetrics();
        assertEquals("", metrics.figures().lastError());
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        metrics.error("reconnecting to 127.0.0.1:12000 in 1600 ms: connection refused");
        Instant after = Instant.now();
        String shown = metrics.figures().lastError();
        String prefix = "reconnecting to 127.0.0.1:12000 in 1600 ms: connection refused (at ";
        assertTrue(shown.startsWith(prefix) && shown.endsWith(")"), shown);
        Instant at = Instant.parse(shown.substring(prefix.length(), shown.length() - 1));
        assertTrue(!at.isBefore(before) && !at.isAfter(after), shown);
        metrics.applied("shard:1", 10, 0);
        assertEquals(shown, metrics.figures().lastError());
    }
}
