package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.JmxUserFiles;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.RequirementResult;
import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.NumberedRequests;
import io.clustersync.core.internal.bus.Frame;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the requirements of Synchronize All: the primary asks every secondary for its {@link NodeFacts} over
 * the bus, measures its clock offset from the round trip, and compares everything with its own facts.
 */
final class RequirementCheck {

    static final long ANSWER_TIMEOUT_MS = 5000;
    static final long DEFAULT_MAX_SKEW_MS = 2000;
    static final String MAX_SKEW_PARAMETER = "sync.max_clock_skew_ms";
    /** A cluster parameter: "yes" lets the nodes of a test or lab cluster share one computer (the check says so). */
    static final String SHARED_COMPUTER_PARAMETER = "sync.allow_shared_computer";

    private final LocalNode local;
    private final SyncedModel replica;
    private final BusMessaging bus;
    private final ClusterBus busStatus;
    private final NumberedRequests<NodeFacts> questions;
    private final IntSupplier httpPort;
    /** The facts each node gave at the last check (Synchronize All reports where each secondary is administered). */
    private final Map<Integer, NodeFacts> latest = new ConcurrentHashMap<>();

    RequirementCheck(LocalNode local, SyncedModel replica, BusMessaging bus, ClusterBus busStatus, IntSupplier httpPort) {
        this.local = local;
        this.httpPort = httpPort;
        this.replica = replica;
        this.bus = bus;
        this.busStatus = busStatus;
        this.questions = new NumberedRequests<>(bus, ANSWER_TIMEOUT_MS);
    }

    /** This node's facts. */
    NodeFacts facts() {
        NodeIdentity me = local.identity();
        Path etc = local.home().resolve("etc");
        return new NodeFacts(me.nodeId(), accounts(etc.resolve("jmx.password")),
                String.valueOf(System.getProperty("clustersync.install", "")), digest(etc.resolve("cluster.key")),
                busStatus.certificateAlias(), busStatus.certificateFingerprint(), me.address(), System.currentTimeMillis(),
                replica.databaseSettings(), local.version(), me.isPrimary() || bus.isLinkUp(me.primaryNodeId()),
                replica.appliedSeq(), HostFacts.computer(), HostFacts.segment(me.address()), HostFacts.certificateAdmins(etc),
                me.address() + ":" + me.jmxPort(), httpPort.getAsInt() > 0 ? "http://" + me.address() + ":"
                + httpPort.getAsInt() + "/jolokia" : "");
    }

    /** Where a node is administered, as it said at the last check: "JMX host:port[, HTTP url]", or "". */
    String administeredAt(int node) {
        NodeFacts facts = latest.get(node);
        if (facts == null) {
            return "";
        }
        return "JMX " + facts.jmxAddress() + (facts.httpAddress().isEmpty() ? "" : ", HTTP " + facts.httpAddress());
    }

    List<RequirementResult> run() {
        NodeIdentity me = local.identity();
        List<Requirements.Answer> answers = new ArrayList<>();
        for (var member : me.members()) {
            if (member.id() != me.nodeId()) {
                answers.add(ask(member.id()));
            }
        }
        long maxSkew = DEFAULT_MAX_SKEW_MS;
        String configured = replica.parameter(MAX_SKEW_PARAMETER);
        if (configured != null) {
            try {
                maxSkew = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                maxSkew = DEFAULT_MAX_SKEW_MS;
            }
        }
        answers.stream().filter(a -> a.facts() != null).forEach(a -> latest.put(a.nodeId(), a.facts()));
        boolean sharedComputerAllowed = "yes".equalsIgnoreCase(String.valueOf(replica.parameter(SHARED_COMPUTER_PARAMETER)).trim())
                || "true".equalsIgnoreCase(String.valueOf(replica.parameter(SHARED_COMPUTER_PARAMETER)).trim());
        return Requirements.check(facts(), answers, maxSkew, sharedComputerAllowed);
    }

    Requirements.Answer ask(int node) {
        CompletableFuture<NodeFacts> answer = null;
        try {
            for (int i = 0; i < 60 && !bus.isLinkUp(node); i++) {
                Thread.sleep(50);
            }
            long sent = System.currentTimeMillis();
            answer = questions.send(node, id -> new Frame(SyncFrames.FACTS_REQUEST, Frame.write(out -> out.writeLong(id))));
            if (answer.isCompletedExceptionally()) {
                return new Requirements.Answer(node, null, "is not reachable from the primary", 0);
            }
            NodeFacts facts = answer.get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long received = System.currentTimeMillis();
            return new Requirements.Answer(node, facts, "", facts.clockMs() - (sent + received) / 2);
        } catch (TimeoutException e) {
            return new Requirements.Answer(node, null, "did not answer within " + ANSWER_TIMEOUT_MS + " ms", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Requirements.Answer(node, null, "was not asked: interrupted", 0);
        } catch (ExecutionException e) {
            return new Requirements.Answer(node, null, "failed: " + e.getCause().getMessage(), 0);
        } finally {
            if (answer != null) {
                answer.cancel(false);
            }
        }
    }

    /** A secondary answers the primary with its facts. */
    void onRequest(int from, Frame frame) {
        long id = readLong(frame);
        NodeFacts facts = facts();
        bus.send(from, new Frame(SyncFrames.FACTS, Frame.write(out -> {
            out.writeLong(id);
            byte[] data = facts.encode();
            out.writeInt(data.length);
            out.write(data);
        })));
    }

    void onFacts(int from, Frame frame) {
        try (var in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            long id = in.readLong();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            questions.answered(id, NodeFacts.decode(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed facts frame from node:" + from + ": " + e.getMessage(), e);
        }
    }

    private static long readLong(Frame frame) {
        try (var in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            return in.readLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed facts request: " + e.getMessage(), e);
        }
    }

    /** The user names of a JMX password file, sorted ("" when there is none, as in Karaf). */
    static List<String> accounts(Path passwords) {
        try {
            return JmxUserFiles.read(passwords).keySet().stream().sorted().toList();
        } catch (IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    static String digest(Path file) {
        try {
            byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
