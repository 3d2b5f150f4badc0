package io.clustersync.jmxagent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the JMX connector refused, counted and logged: logins (unknown user, wrong password, no role) and TLS
 * handshakes (a plain-text client, a client that does not trust the certificate). Log lines go to the node's log
 * (standard error, which the node's log file takes), at most one a second of each kind, the count taking them all.
 */
final class Refusals implements RefusalsMBean {

    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>("");
    private final AtomicLong lastLoginLog = new AtomicLong();
    private final AtomicLong lastHandshakeLog = new AtomicLong();
    private final AtomicLong lastOperationLog = new AtomicLong();

    void login(String user, String peer, String why) {
        logins.incrementAndGet();
        note(lastLoginLog, "refused the JMX login of '" + user + "' from " + peer + ": " + why);
    }

    void handshake(String peer, String why) {
        handshakes.incrementAndGet();
        note(lastHandshakeLog, "refused a TLS handshake on the JMX port from " + peer + ": " + why);
    }

    void operation(String user, String peer, String what) {
        operations.incrementAndGet();
        note(lastOperationLog, "refused '" + user + "' (readonly) from " + peer + ": " + what);
    }

    private void note(AtomicLong lastLog, String line) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        last.set(now + " " + line);
        long nowMs = System.currentTimeMillis();
        long before = lastLog.get();
        if (nowMs - before >= 1000 && lastLog.compareAndSet(before, nowMs)) {
            System.err.println(now + " [jmx-agent] WARN io.clustersync.jmxagent - " + line);
        }
    }

    @Override
    public long getRefusedLogins() {
        return logins.get();
    }

    @Override
    public long getRefusedHandshakes() {
        return handshakes.get();
    }

    @Override
    public long getRefusedOperations() {
        return operations.get();
    }

    @Override
    public String getLastRefusal() {
        return last.get();
    }
}
