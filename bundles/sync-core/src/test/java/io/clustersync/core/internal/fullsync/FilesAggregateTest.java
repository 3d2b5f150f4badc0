package io.clustersync.core.internal.fullsync;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The files' aggregate digest is taken once per kept listing, and never reused for a map that may change. */
class FilesAggregateTest {

    @Test
    void aKeptListingIsAggregatedOnceAndAnyOtherMapEveryTime() {
        Map<String, String> files = new TreeMap<>(Map.of("conf/a", "1", "conf/b", "2"));
        Map<String, String> kept = Collections.unmodifiableMap(files);
        String first = FullSyncStore.withFiles(Map.of(), kept).get(FullSyncPlan.FILES);
        assertEquals(TableDigests.aggregate(files), first);
        assertEquals(first, FullSyncStore.withFiles(Map.of("T", "x"), kept).get(FullSyncPlan.FILES));

        String before = FullSyncStore.withFiles(Map.of(), files).get(FullSyncPlan.FILES);
        files.put("conf/c", "3");
        String after = FullSyncStore.withFiles(Map.of(), files).get(FullSyncPlan.FILES);
        assertNotEquals(before, after, "a map that can change is aggregated again");
        assertEquals(TableDigests.aggregate(files), after);
    }
}
