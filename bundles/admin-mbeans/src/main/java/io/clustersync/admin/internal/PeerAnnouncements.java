package io.clustersync.admin.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What to announce about a peer whose status is looked at now and then: that it went out of sync (once, however often
 * it flaps between out of sync and syncing), and that it is back in sync after an announced out of sync, also when
 * it came back through a resync (out of sync, syncing, in sync) between two looks or across them.
 */
final class PeerAnnouncements {

    enum Announcement { NOTHING, OUT, BACK }

    private final String outOfSync;
    private final String inSync;
    private final Map<Integer, String> lastStatus = new HashMap<>();
    private final Set<Integer> announcedOut = new HashSet<>();

    PeerAnnouncements(String outOfSync, String inSync) {
        this.outOfSync = outOfSync;
        this.inSync = inSync;
    }

    Announcement look(int peer, String status) {
        String was = lastStatus.put(peer, status);
        if (was == null || was.equals(status)) {
            return Announcement.NOTHING;
        }
        if (status.equals(outOfSync)) {
            return announcedOut.add(peer) ? Announcement.OUT : Announcement.NOTHING;
        }
        if (status.equals(inSync) && announcedOut.remove(peer)) {
            return Announcement.BACK;
        }
        return Announcement.NOTHING;
    }
}
