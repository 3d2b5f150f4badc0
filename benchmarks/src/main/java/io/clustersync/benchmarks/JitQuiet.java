package io.clustersync.benchmarks;

import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a load in rounds until the nodes' JIT compilers are nearly idle: over a round, no node spent more than
 * {@code share} of the round's time compiling (read from {@code java.lang:type=Compilation} over each node's JMX).
 * Right after start, the compilers of several node JVMs take a large part of 2 cores for a minute or more; a
 * steady-state figure is taken once they are quiet.
 */
final class JitQuiet {

    /** One round of load. */
    interface Round {
        void run() throws Exception;
    }

    /** The rounds run, how long they took, and the busiest node's compile share over the last round. */
    record Settled(int rounds, long millis, double lastShare) {
        @Override
        public String toString() {
            return String.format("%d round(s) in %.1f s, JIT busy %.1f%% of the last round", rounds, millis / 1000.0,
                    lastShare * 100);
        }
    }

    private JitQuiet() {
    }

    static Settled await(List<BenchNode> nodes, double share, long maxMillis, Round round) throws Exception {
        List<JMXConnector> connections = new ArrayList<>();
        try {
            List<CompilationMXBean> compilers = new ArrayList<>();
            for (BenchNode n : nodes) {
                JMXConnector c = n.jmx();
                connections.add(c);
                compilers.add(JMX.newMXBeanProxy(c.getMBeanServerConnection(),
                        new ObjectName(ManagementFactory.COMPILATION_MXBEAN_NAME), CompilationMXBean.class));
            }
            long start = System.nanoTime();
            int rounds = 0;
            double busiest = 1;
            while (busiest > share && System.nanoTime() - start < maxMillis * 1_000_000L) {
                long[] before = compilers.stream().mapToLong(CompilationMXBean::getTotalCompilationTime).toArray();
                long roundStart = System.nanoTime();
                round.run();
                rounds++;
                double wallMs = (System.nanoTime() - roundStart) / 1e6;
                busiest = 0;
                for (int i = 0; i < before.length; i++) {
                    busiest = Math.max(busiest, (compilers.get(i).getTotalCompilationTime() - before[i]) / wallMs);
                }
            }
            return new Settled(rounds, (System.nanoTime() - start) / 1_000_000, busiest);
        } finally {
            for (JMXConnector c : connections) {
                c.close();
            }
        }
    }
}
