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
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;

/**
 * Jolokia's authenticator (its {@code authMode} is {@code service-all}): an HTTP request passes with the user and
 * password of a JMX user of this node ({@code etc/jmx.password}; in Karaf, where the node has none, a user of Karaf's
 * realm with the admin or viewer role), and its role is kept for {@link RoleRestrictor} while the request runs on its
 * thread. A refusal is logged with the client's address (at most one line a second) and counted.
 */
@Component(service = Authenticator.class)
public class JmxUsersAuthenticator implements Authenticator, HttpRefusalsMBean {

    static final String OBJECT_NAME = "io.clustersync:type=HttpManagement";

    private static final Logger LOG = LoggerFactory.getLogger(JmxUsersAuthenticator.class);
    /** The role of the request the current thread serves, set by {@link #authenticate}. */
    static final ThreadLocal<JmxUsers.Role> CURRENT = new ThreadLocal<>();

    @Reference
    private LocalNode localNode;

    private JmxUsers users;
    private boolean karaf;
    private final RefusalLog refusals = new RefusalLog(LOG);
    private ObjectName registered;

    @Activate
    void activate() {
        users = new JmxUsers(localNode.home().resolve("etc"));
        karaf = !Files.exists(localNode.home().resolve("etc").resolve("jmx.password"))
                && System.getProperty("karaf.home") != null;
        try {
            registered = new ObjectName(OBJECT_NAME);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Described(this), registered);
        } catch (JMException e) {
            LOG.warn("cannot register {}: {}", OBJECT_NAME, e.toString());
            registered = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (registered != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
            } catch (JMException e) {
                LOG.debug("{} was gone already: {}", OBJECT_NAME, e.toString());
            }
        }
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

    @Override
    public long getRefusedLogins() {
        return refusals.count();
    }

    @Override
    public String getLastRefusal() {
        return refusals.last();
    }

    /** The refusals' MBean, describing itself as every io.clustersync MBean does. */
    private static final class Described extends StandardMBean {

        Described(HttpRefusalsMBean refusals) {
            super(refusals, HttpRefusalsMBean.class, false);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "What the HTTP management (Jolokia) refused since the node started; each refusal is also logged with"
                    + " the client's address";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return info.getName().equals("RefusedLogins")
                    ? "Requests refused for a missing, unknown or wrong user and password"
                    : "The last refusal: when, what, from where and why";
        }
    }
}
