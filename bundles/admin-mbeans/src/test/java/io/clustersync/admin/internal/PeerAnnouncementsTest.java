package io.clustersync.admin.internal;

import io.clustersync.admin.internal.PeerAnnouncements.Announcement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeerAnnouncementsTest {

    private static List<Announcement> looks(PeerAnnouncements a, int peer, String... statuses) {
        List<Announcement> out = new ArrayList<>();
        for (String s : statuses) {
            out.add(a.look(peer, s));
        }
        return out;
    }

    @Test
    void aPeerBackThroughAResyncIsAnnouncedInSyncOnceAndAFlappingOneOutOfSyncOnce() {
        PeerAnnouncements a = new PeerAnnouncements("out of sync", "in sync");
        assertEquals(List.of(Announcement.NOTHING, Announcement.OUT, Announcement.NOTHING, Announcement.NOTHING,
                        Announcement.NOTHING, Announcement.BACK, Announcement.NOTHING),
                looks(a, 2, "in sync", "out of sync", "syncing", "out of sync", "syncing", "in sync", "in sync"));
        assertEquals(List.of(Announcement.NOTHING, Announcement.OUT, Announcement.BACK),
                looks(a, 3, "syncing", "out of sync", "in sync"), "peers are followed one by one");
        assertEquals(List.of(Announcement.NOTHING, Announcement.NOTHING, Announcement.NOTHING),
                looks(a, 4, "syncing", "in sync", "syncing"), "a first sync is no return");
    }
}
