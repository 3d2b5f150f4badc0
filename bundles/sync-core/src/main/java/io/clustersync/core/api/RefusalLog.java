package io.clustersync.core.api;

import org.slf4j.Logger;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The refusals of one kind at one listener (a JDBC login, an HTTP request, a proxy's TLS handshake or password):
 * every one counted, the last kept with its time, and at most one log line a second, which says how many went
 * unlogged since the line before. A client that retries in a loop cannot flood the log, and nothing goes uncounted.
 * {@link #publish} shows the count and the last refusal as an MBean that describes itself, as every io.clustersync
 * MBean does.
 */
public final class RefusalLog {

    static final long LOG_EVERY_MS = 1000;

    private final Logger log;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastLogMs = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>("");
    private ObjectName published;

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

    /**
     * Registers the count and the last refusal as the MBean {@code objectName} ({@code RefusedLogins},
     * {@code LastRefusal}), with these descriptions; a failure to register is logged and the refusals still count.
     */
    public synchronized void publish(String objectName, String description, String refusedDescription, String lastDescription) {
        try {
            ObjectName name = new ObjectName(objectName);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Described(new RefusalsMBean() {
                @Override
                public long getRefusedLogins() {
                    return count();
                }

                @Override
                public String getLastRefusal() {
                    return last();
                }
            }, description, refusedDescription, lastDescription), name);
            published = name;
        } catch (JMException e) {
            log.warn("cannot register {}: {}", objectName, e.toString());
        }
    }

    /** Unregisters what {@link #publish} registered, if anything. */
    public synchronized void unpublish() {
        if (published != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(published);
            } catch (JMException e) {
                log.debug("{} was gone already: {}", published, e.toString());
            }
            published = null;
        }
    }

    private static final class Described extends StandardMBean {

        private final String description;
        private final String refusedDescription;
        private final String lastDescription;

        Described(RefusalsMBean refusals, String description, String refusedDescription, String lastDescription) {
            super(refusals, RefusalsMBean.class, false);
            this.description = description;
            this.refusedDescription = refusedDescription;
            this.lastDescription = lastDescription;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return description;
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return info.getName().equals("RefusedLogins") ? refusedDescription : lastDescription;
        }
    }
}
