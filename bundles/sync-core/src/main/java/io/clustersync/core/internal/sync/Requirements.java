package io.clustersync.core.internal.sync;

import io.clustersync.core.api.RequirementResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The requirements of Synchronize All, compared across the primary's facts and every secondary's: each check
 * passes, or fails naming the nodes and their values.
 */
final class Requirements {

    /** A secondary's facts, or why they could not be had, with the clock offset measured when they came. */
    record Answer(int nodeId, NodeFacts facts, String problem, long clockOffsetMs) {
    }

    private Requirements() {
    }

    static List<RequirementResult> check(NodeFacts primary, List<Answer> answers, long maxSkewMs, boolean sharedComputerAllowed) {
        List<RequirementResult> out = new ArrayList<>();
        List<NodeFacts> reachable = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (Answer a : answers) {
            if (a.facts() == null) {
                unreachable.add("node:" + a.nodeId() + " " + a.problem());
            } else {
                reachable.add(a.facts());
            }
        }
        out.add(new RequirementResult("every secondary answers", unreachable.isEmpty(),
                unreachable.isEmpty() ? answers.size() + " secondary node(s) answered" : String.join("; ", unreachable)));
        out.add(same("same admin account names", primary, reachable, f -> String.join(",", f.accounts())));
        out.add(same("same install path", primary, reachable, NodeFacts::installPath));
        out.add(same("same etc/cluster.key (by digest)", primary, reachable, NodeFacts::clusterKeyDigest));
        out.add(same("same cluster certificate alias", primary, reachable, NodeFacts::certificateAlias));
        out.add(same("same cluster certificate fingerprint", primary, reachable, NodeFacts::certificateFingerprint));
        out.add(same("same JMX administrators and certificate key alias", primary, reachable, NodeFacts::certificateAdmins));
        List<String> oneWay = reachable.stream().filter(f -> !f.linkToPrimaryUp())
                .map(f -> "node:" + f.nodeId() + " cannot reach node:" + primary.nodeId()).toList();
        out.add(new RequirementResult("mutual TLS works both ways", oneWay.isEmpty(),
                oneWay.isEmpty() ? "every secondary reaches the primary and is reached by it" : String.join("; ", oneWay)));
        Map<String, List<Integer>> addresses = new LinkedHashMap<>();
        addresses.computeIfAbsent(primary.address(), k -> new ArrayList<>()).add(primary.nodeId());
        reachable.forEach(f -> addresses.computeIfAbsent(f.address(), k -> new ArrayList<>()).add(f.nodeId()));
        List<String> shared = addresses.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " is used by " + e.getValue().stream().map(id -> "node:" + id).toList()).toList();
        out.add(new RequirementResult("each node on a different address", shared.isEmpty(),
                shared.isEmpty() ? addresses.size() + " distinct addresses" : String.join("; ", shared)));
        out.add(ownComputer(primary, reachable, sharedComputerAllowed));
        out.add(same("one network segment", primary, reachable, NodeFacts::segment));
        List<String> skewed = new ArrayList<>();
        for (Answer a : answers) {
            if (a.facts() != null && Math.abs(a.clockOffsetMs()) > maxSkewMs) {
                skewed.add("node:" + a.nodeId() + " is " + a.clockOffsetMs() + " ms off");
            }
        }
        out.add(new RequirementResult("clocks within " + maxSkewMs + " ms", skewed.isEmpty(),
                skewed.isEmpty() ? "largest offset " + answers.stream().filter(a -> a.facts() != null)
                        .mapToLong(a -> Math.abs(a.clockOffsetMs())).max().orElse(0) + " ms" : String.join("; ", skewed)));
        out.add(same("identical configuration-database settings", primary, reachable, NodeFacts::databaseSettings));
        out.add(same("same clustersync version", primary, reachable, NodeFacts::version));
        return out;
    }

    /** Each node on a computer of its own; a lab's nodes may share one when the cluster says so, and the check says it. */
    private static RequirementResult ownComputer(NodeFacts primary, List<NodeFacts> others, boolean sharedAllowed) {
        Map<String, List<Integer>> computers = new LinkedHashMap<>();
        computers.computeIfAbsent(primary.computer(), k -> new ArrayList<>()).add(primary.nodeId());
        others.forEach(f -> computers.computeIfAbsent(f.computer(), k -> new ArrayList<>()).add(f.nodeId()));
        List<String> shared = computers.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getValue().stream().map(id -> "node:" + id).toList() + " run on one computer, " + e.getKey()).toList();
        if (shared.isEmpty()) {
            return new RequirementResult("each node on its own computer", true, computers.size() + " distinct computers");
        }
        if (sharedAllowed) {
            return new RequirementResult("each node on its own computer", true, "waived by "
                    + RequirementCheck.SHARED_COMPUTER_PARAMETER + "=yes: " + String.join("; ", shared));
        }
        return new RequirementResult("each node on its own computer", false, String.join("; ", shared)
                + " (a test or lab cluster: set param " + RequirementCheck.SHARED_COMPUTER_PARAMETER + " yes)");
    }

    private static RequirementResult same(String check, NodeFacts primary, List<NodeFacts> others, Function<NodeFacts, String> value) {
        String reference = value.apply(primary);
        List<String> differing = others.stream().filter(f -> !Objects.equals(value.apply(f), reference))
                .map(f -> "node:" + f.nodeId() + " has '" + value.apply(f) + "'").toList();
        return new RequirementResult(check, differing.isEmpty(), differing.isEmpty() ? "'" + reference + "' everywhere"
                : "node:" + primary.nodeId() + " (primary) has '" + reference + "', " + String.join(", ", differing));
    }
}
