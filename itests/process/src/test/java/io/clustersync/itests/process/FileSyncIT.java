package io.clustersync.itests.process;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File synchronization between three real nodes: files under conf/sync.conf patterns written or deleted on any
 * node reach every node; sync.excl and etc/ stay put; drift is found by verify and cured by Synchronize All;
 * a malformed sync.conf holds files back, naming file and line, and nothing changed meanwhile is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileSyncIT {

    @TempDir
    static Path dir;
    private static ThreeNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ThreeNodeCluster(dir, "files").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void write(NodeProcess n, String path, String content) {
        try {
            Path file = n.home.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(NodeProcess n, String path) {
        try {
            Path file = n.home.resolve(path);
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void everywhere(String path, String content) {
        for (NodeProcess n : cluster.nodes()) {
            try {
                Eventually.until(path + " = " + content + " on node:" + n.nodeId, () -> read(n, path),
                        v -> Objects.equals(content, v), 10_000);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + cluster.logTails(40), e);
            }
        }
    }

    @Test
    @Order(1)
    void filesWrittenOrDeletedOnAnyNodeReachEveryNode() {
        write(cluster.n1, "conf/apps/billing/app.properties", "url=sftp://files.internal\n");
        everywhere("conf/apps/billing/app.properties", "url=sftp://files.internal\n");
        write(cluster.n3, "conf/apps/crm/crm.properties", "enabled=true\n");
        everywhere("conf/apps/crm/crm.properties", "enabled=true\n");
        write(cluster.n2, "conf/apps/billing/app.properties", "url=sftp://files2.internal\n");
        everywhere("conf/apps/billing/app.properties", "url=sftp://files2.internal\n");
        try {
            Files.delete(cluster.n2.home.resolve("conf/apps/crm/crm.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        everywhere("conf/apps/crm/crm.properties", null);
    }

    @Test
    @Order(2)
    void excludedFilesAndEtcStayOnTheirNode() throws Exception {
        write(cluster.n1, "conf/apps/billing/draft.tmp", "not for the others\n");
        write(cluster.n1, "etc/local.properties", "mine=true\n");
        write(cluster.n1, "conf/apps/billing/marker.properties", "after=1\n");
        everywhere("conf/apps/billing/marker.properties", "after=1\n");
        assertEquals(null, read(cluster.n2, "conf/apps/billing/draft.tmp"));
        assertEquals(null, read(cluster.n3, "etc/local.properties"));
    }

    @Test
    @Order(3)
    void driftIsFoundByVerifyAndCuredBySynchronizeAll() throws Exception {
        NodeProcess.Result stopped = cluster.n3.stop();
        assertEquals(0, stopped.exitCode());
        write(cluster.n3, "conf/apps/old/stale.properties", "left over\n");
        write(cluster.n3, "conf/apps/billing/marker.properties", "edited while down\n");
        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        ThreeNodeCluster.await(cluster.n1, "node:3 back", s -> s.matches("(?s).*node:3 +secondary +needs-full-sync.*"), 15_000,
                "sync", "status");
        NodeProcess.Result drift = cluster.n1.admin("verify");
        assertEquals(1, drift.exitCode());
        assertTrue(drift.out().contains("file conf/apps/old/stale.properties extra"), drift.out());
        assertTrue(drift.out().contains("file conf/apps/billing/marker.properties differs"), drift.out());

        NodeProcess.Result full = cluster.n1.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        assertEquals(null, read(cluster.n3, "conf/apps/old/stale.properties"));
        assertEquals("after=1\n", read(cluster.n3, "conf/apps/billing/marker.properties"));
        assertEquals(0, cluster.n1.admin("verify").exitCode());
        assertFalse(Files.exists(cluster.n3.home.resolve("var/staging")) && Files.list(cluster.n3.home.resolve("var/staging")).findAny().isPresent(),
                "staging left behind");
    }

    @Test
    @Order(4)
    void aMalformedSyncConfHoldsFilesBackAndLosesNothing() throws Exception {
        Path rules = cluster.n1.home.resolve("conf/sync.conf");
        String good = Files.readString(rules);
        Files.writeString(rules, good + "etc/*.cfg\n");
        String status = ThreeNodeCluster.await(cluster.n1, "the rules error", s -> s.contains("RULES:"), 15_000, "sync", "status");
        assertTrue(status.contains("conf/sync.conf line "), status);
        assertTrue(status.contains("etc/ holds node-local settings and is never synchronized"), status);
        write(cluster.n1, "conf/apps/billing/held.properties", "held=1\n");
        Thread.sleep(1500);
        assertEquals(null, read(cluster.n2, "conf/apps/billing/held.properties"), "a file travelled despite broken rules");
        Files.writeString(rules, good);
        everywhere("conf/apps/billing/held.properties", "held=1\n");
    }
}
