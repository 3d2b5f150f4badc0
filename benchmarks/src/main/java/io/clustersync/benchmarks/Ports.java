package io.clustersync.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for a benchmark's servers, below Linux's ephemeral range (32768 and up): a port taken from that
 * range could be handed to some outgoing connection (the nodes' bus links) before its server binds it, and the
 * node would fail to start with "Port already in use". No port is handed out twice in one run.
 */
final class Ports {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_768;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private Ports() {
    }

    /** A port that nothing listens on at {@code address} now, and that this run has not handed out before. */
    static synchronized int free(String address) throws IOException {
        InetAddress bind = InetAddress.getByName(address);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (GIVEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, bind)) {
                GIVEN.add(port);
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port between " + LOW + " and " + HIGH + " on " + address + " after 1,000 tries");
    }
}
