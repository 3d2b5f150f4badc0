package io.clustersync.core.internal.sync;

import io.clustersync.core.api.RequirementResult;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every requirement of Synchronize All passes on a sound cluster, and each fails alone naming the values that differ. */
class RequirementsTest {

    private static NodeFacts facts(int id, String computer) {
        return new NodeFacts(id, List.of("admin", "monitor"), "/opt/clustersync", "0123456789abcdef", "cluster",
                "AA:BB", "10.0.0." + id, 1_000_000, "H2 2.3.232, schema version 8", "0.1.0", true, 7, computer,
                "10.0.0.0/24 (eth0)", "administrators admin, key alias jmx", "10.0.0." + id + ":9999", "");
    }

    private static List<Requirements.Answer> answers(NodeFacts... secondaries) {
        List<Requirements.Answer> out = new ArrayList<>();
        for (NodeFacts f : secondaries) {
            out.add(new Requirements.Answer(f.nodeId(), f, "", 10));
        }
        return out;
    }

    private static RequirementResult result(List<RequirementResult> results, String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + check + "' in " + results));
    }

    @Test
    void aSoundClusterPassesEveryCheck() {
        List<RequirementResult> results = Requirements.check(facts(1, "a"), answers(facts(2, "b"), facts(3, "c")), 2000, false);
        assertEquals(List.of(), results.stream().filter(r -> !r.passed()).toList());
        assertEquals(14, results.size(), results::toString);
        assertEquals("3 distinct computers", result(results, "each node on its own computer").detail());
    }

    /** One fact of node:3 made different: exactly its check fails, naming node:3's value and the primary's. */
    private static void failsAlone(String check, UnaryOperator<NodeFacts> change, String... inDetail) {
        NodeFacts primary = facts(1, "a");
        List<RequirementResult> results = Requirements.check(primary, answers(facts(2, "b"), change.apply(facts(3, "c"))), 2000, false);
        List<RequirementResult> failed = results.stream().filter(r -> !r.passed()).toList();
        assertEquals(1, failed.size(), results::toString);
        assertEquals(check, failed.get(0).check());
        for (String part : inDetail) {
            assertTrue(failed.get(0).detail().contains(part), failed.get(0).detail());
        }
    }

    @Test
    void eachCheckFailsAloneAndNamesTheValues() {
        failsAlone("same admin account names", f -> with(f, "accounts"), "node:3 has 'admin,monitor,ops'", "'admin,monitor'");
        failsAlone("same install path", f -> with(f, "installPath"), "node:3 has '/srv/clustersync'", "'/opt/clustersync'");
        failsAlone("same etc/cluster.key (by digest)", f -> with(f, "clusterKeyDigest"), "node:3 has 'ffff'");
        failsAlone("same cluster certificate alias", f -> with(f, "certificateAlias"), "node:3 has 'other'");
        failsAlone("same cluster certificate fingerprint", f -> with(f, "certificateFingerprint"), "node:3 has 'CC:DD'");
        failsAlone("same JMX administrators and certificate key alias", f -> with(f, "certificateAdmins"),
                "node:3 has 'administrators root, key alias jmx'", "(primary) has 'administrators admin, key alias jmx'");
        failsAlone("mutual TLS works both ways", f -> with(f, "linkToPrimaryUp"), "node:3 cannot reach node:1");
        failsAlone("each node on a different address", f -> with(f, "address"), "10.0.0.2 is used by [node:2, node:3]");
        failsAlone("each node on its own computer", f -> with(f, "computer"), "[node:2, node:3] run on one computer, b",
                "set param sync.allow_shared_computer yes");
        failsAlone("one network segment", f -> with(f, "segment"), "node:3 has '10.0.9.0/24 (eth1)'", "'10.0.0.0/24 (eth0)'");
        failsAlone("identical configuration-database settings", f -> with(f, "databaseSettings"), "node:3 has 'H2 2.2.224");
        failsAlone("same clustersync version", f -> with(f, "version"), "node:3 has '0.2.0'", "(primary) has '0.1.0'");
    }

    @Test
    void aClockOffAndANodeThatDoesNotAnswerFail() {
        List<Requirements.Answer> answers = new ArrayList<>(answers(facts(2, "b")));
        answers.add(new Requirements.Answer(3, facts(3, "c"), "", -4500));
        List<RequirementResult> skewed = Requirements.check(facts(1, "a"), answers, 2000, false);
        RequirementResult clocks = result(skewed, "clocks within 2000 ms");
        assertFalse(clocks.passed());
        assertEquals("node:3 is -4500 ms off", clocks.detail());

        List<Requirements.Answer> silent = new ArrayList<>(answers(facts(2, "b")));
        silent.add(new Requirements.Answer(3, null, "did not answer within 5000 ms", 0));
        RequirementResult answered = result(Requirements.check(facts(1, "a"), silent, 2000, false), "every secondary answers");
        assertFalse(answered.passed());
        assertEquals("node:3 did not answer within 5000 ms", answered.detail());
    }

    @Test
    void nodesSharingAComputerFailUnlessTheClusterAllowsItAndThenTheCheckSaysSo() {
        List<Requirements.Answer> one = answers(facts(2, "lab"), facts(3, "lab"));
        RequirementResult refused = result(Requirements.check(facts(1, "lab"), one, 2000, false), "each node on its own computer");
        assertFalse(refused.passed());
        assertTrue(refused.detail().startsWith("[node:1, node:2, node:3] run on one computer, lab"), refused.detail());
        RequirementResult waived = result(Requirements.check(facts(1, "lab"), one, 2000, true), "each node on its own computer");
        assertTrue(waived.passed());
        assertTrue(waived.detail().startsWith("waived by sync.allow_shared_computer=yes: [node:1, node:2, node:3] run on one"
                + " computer, lab"), waived.detail());
    }

    @Test
    void theSegmentOfAnAddressIsTheNetworkOfTheInterfaceThatHoldsIt() throws Exception {
        assertEquals("10.1.2.0/24", HostFacts.network(InetAddress.getByName("10.1.2.77"), 24));
        assertEquals("10.0.0.0/13", HostFacts.network(InetAddress.getByName("10.7.255.1"), 13));
        assertTrue(HostFacts.contains(InetAddress.getByName("127.0.0.1"), 8, InetAddress.getByName("127.0.0.3")));
        assertFalse(HostFacts.contains(InetAddress.getByName("10.0.1.0"), 24, InetAddress.getByName("10.0.2.1")));
        // loopback addresses of node N (127.0.0.N) all lie in the loopback interface's network
        assertEquals(HostFacts.segment("127.0.0.1"), HostFacts.segment("127.0.0.3"));
        assertTrue(HostFacts.segment("127.0.0.3").startsWith("127.0.0.0/8 ("), HostFacts.segment("127.0.0.3"));
        // an address of none of this computer's networks (the documentation ranges; the first no interface holds)
        String elsewhere = java.util.stream.Stream.of("203.0.113.9", "198.51.100.9", "192.0.2.9")
                .filter(a -> HostFacts.segment(a).startsWith("unknown")).findFirst()
                .orElseThrow();
        assertTrue(HostFacts.segment(elsewhere).startsWith("unknown (" + elsewhere + " is on no interface"), HostFacts.segment(elsewhere));
    }

    /** node:3's facts with one of them changed to another plausible value. */
    private static NodeFacts with(NodeFacts f, String which) {
        return new NodeFacts(f.nodeId(), which.equals("accounts") ? List.of("admin", "monitor", "ops") : f.accounts(),
                which.equals("installPath") ? "/srv/clustersync" : f.installPath(),
                which.equals("clusterKeyDigest") ? "ffff" : f.clusterKeyDigest(),
                which.equals("certificateAlias") ? "other" : f.certificateAlias(),
                which.equals("certificateFingerprint") ? "CC:DD" : f.certificateFingerprint(),
                which.equals("address") ? "10.0.0.2" : f.address(), f.clockMs(),
                which.equals("databaseSettings") ? "H2 2.2.224, schema version 8" : f.databaseSettings(),
                which.equals("version") ? "0.2.0" : f.version(), !which.equals("linkToPrimaryUp"), f.appliedSeq(),
                which.equals("computer") ? "b" : f.computer(), which.equals("segment") ? "10.0.9.0/24 (eth1)" : f.segment(),
                which.equals("certificateAdmins") ? "administrators root, key alias jmx" : f.certificateAdmins(),
                f.jmxAddress(), f.httpAddress());
    }
}
