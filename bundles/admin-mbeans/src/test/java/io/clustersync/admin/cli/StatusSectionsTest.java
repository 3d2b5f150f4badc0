package io.clustersync.admin.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusSectionsTest {

    private static final String REPORT = "CLUSTER NODES:\nNODE:ID ROLE\n*node:1 primary\n\n"
            + "DATABASES:\nDB:ID NAME\n\nENDPOINTS:\nDB:ID NAME ID\n\nSHARDS:\nDB:ID NAME ID\ndb:1 sales shard:1\n";

    @Test
    void picksOneSection() {
        assertEquals("CLUSTER NODES:\nNODE:ID ROLE\n*node:1 primary\n", StatusSections.pick(REPORT, "nodes"));
        assertEquals("DATABASES:\nDB:ID NAME\n", StatusSections.pick(REPORT, "DATABASES"));
        assertEquals("SHARDS:\nDB:ID NAME ID\ndb:1 sales shard:1\n", StatusSections.pick(REPORT, "shards"));
    }

    @Test
    void anUnknownSectionListsTheValidOnes() {
        CliException e = assertThrows(CliException.class, () -> StatusSections.pick(REPORT, "proxies"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("nodes, databases, endpoints, shards"), e.getMessage());
    }
}
