package io.clustersync.core.api;

import org.slf4j.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The refusals of one kind at one listener (a JDBC login, an HTTP request, a proxy's TLS handshake or password):
 * every one counted, the last kept with its time, and at most one log line a second, which says how many went
 * unlogged since the line before. A client that retries in a loop cannot flood the log, and nothing goes uncounted.
 */
public final class RefusalLog {

    static final long LOG_EVERY_MS = 1000;

    private final Logger log;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastLogMs = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>("");

    public RefusalLog(Logger log) {
        this.log = log;
    }

    /** One refusal, in the operator's words (who was refused, from where, why). */
    public void refused(String line) {
        long n = count.incrementAndGet();
        last.set(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        long now = System.currentTimeMillis();
        long before = lastLogMs.get();
        if (now - before >= LOG_EVERY_MS && lastLogMs.compareAndSet(before, now)) {
            long more = unlogged.getAndSet(0);
            log.warn("{} ({} refusal(s) so far{})", line, n, more == 0 ? "" : ", " + more + " not logged since the line before");
        } else {
            unlogged.incrementAndGet();
        }
    }

    /** Every refusal since the listener started. */
    public long count() {
        return count.get();
    }

    /** The last refusal with its time, or "" when none. */
    public String last() {
        return last.get();
    }
}
