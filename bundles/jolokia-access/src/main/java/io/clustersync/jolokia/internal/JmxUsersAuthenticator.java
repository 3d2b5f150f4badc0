package io.clustersync.jolokia.internal;

import io.clustersync.core.api.LocalNode;
import org.jolokia.osgi.security.Authenticator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jolokia's authenticator (its {@code authMode} is {@code service-all}): an HTTP request passes with the user and
 * password of a JMX user of this node ({@code etc/jmx.password}; in Karaf, where the node has none, a user of Karaf's
 * realm with the admin or viewer role), and its role is kept for {@link RoleRestrictor} while the request runs on its
 * thread. A refusal is logged with the client's address (at most one line a second) and counted.
 */
@Component(service = Authenticator.class)
public class JmxUsersAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JmxUsersAuthenticator.class);
    /** The role of the request the current thread serves, set by {@link #authenticate}. */
    static final ThreadLocal<JmxUsers.Role> CURRENT = new ThreadLocal<>();

    @Reference
    private LocalNode localNode;

    private JmxUsers users;
    private boolean karaf;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogMs = new AtomicLong();

    @Activate
    void activate() {
        users = new JmxUsers(localNode.home().resolve("etc"));
        karaf = !Files.exists(localNode.home().resolve("etc").resolve("jmx.password"))
                && System.getProperty("karaf.home") != null;
    }

    @Override
    public boolean authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        JmxUsers.Role role = karaf ? KarafUsers.check(authorization) : users.check(authorization);
        CURRENT.set(role);
        if (role == null) {
            refused.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLogMs.get();
            if (now - last >= 1000 && lastLogMs.compareAndSet(last, now)) {
                LOG.warn("HTTP management refused {} {} from {}: {} ({} refusals so far)", request.getMethod(),
                        request.getRequestURI(), request.getRemoteAddr(), authorization == null ? "no credentials"
                                : "wrong user or password for '" + JmxUsers.userOf(authorization) + "'", refused.get());
            }
            return false;
        }
        return true;
    }
}
