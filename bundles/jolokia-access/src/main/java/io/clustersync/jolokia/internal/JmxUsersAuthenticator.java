package io.clustersync.jolokia.internal;

import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.RefusalLog;
import org.jolokia.osgi.security.Authenticator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import java.nio.file.Files;

/**
 * Jolokia's authenticator (its {@code authMode} is {@code service-all}): an HTTP request passes with the user and
 * password of a JMX user of this node ({@code etc/jmx.password}; in Karaf, where the node has none, a user of Karaf's
 * realm with the admin or viewer role), and its role is kept for {@link RoleRestrictor} while the request runs on its
 * thread. A refusal is logged with the client's address (at most one line a second) and counted.
 */
@Component(service = Authenticator.class)
public class JmxUsersAuthenticator implements Authenticator {

    static final String OBJECT_NAME = "io.clustersync:type=HttpManagement";

    private static final Logger LOG = LoggerFactory.getLogger(JmxUsersAuthenticator.class);
    /** The role of the request the current thread serves, set by {@link #authenticate}. */
    static final ThreadLocal<JmxUsers.Role> CURRENT = new ThreadLocal<>();

    @Reference
    private LocalNode localNode;

    private JmxUsers users;
    private boolean karaf;
    private final RefusalLog refusals = new RefusalLog(LOG);

    @Activate
    void activate() {
        users = new JmxUsers(localNode.home().resolve("etc"));
        karaf = !Files.exists(localNode.home().resolve("etc").resolve("jmx.password"))
                && System.getProperty("karaf.home") != null;
        refusals.publish(OBJECT_NAME, "What the HTTP management (Jolokia) refused since the node started; each refusal"
                + " is also logged with the client's address", "Requests refused for a missing, unknown or wrong user and"
                + " password", "The last refusal: when, what, from where and why");
    }

    @Deactivate
    void deactivate() {
        refusals.unpublish();
    }

    @Override
    public boolean authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        JmxUsers.Role role = karaf ? KarafUsers.check(authorization) : users.check(authorization);
        CURRENT.set(role);
        if (role == null) {
            refusals.refused("HTTP management refused " + request.getMethod() + " " + request.getRequestURI() + " from "
                    + request.getRemoteAddr() + ": " + (authorization == null ? "no credentials"
                    : "wrong user or password for '" + BasicCredentials.userOf(authorization) + "'"));
            return false;
        }
        return true;
    }
}
