package io.clustersync.jmxagent;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.Set;

/** Logs in the node's JMX users; a refusal says who, from where and why, and is counted. */
final class UsersAuthenticator implements JMXAuthenticator {

    private final JmxUsers users;
    private final Refusals refusals;

    UsersAuthenticator(JmxUsers users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @Override
    public Subject authenticate(Object credentials) {
        String peer;
        try {
            peer = RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            peer = "?";
        }
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[0] == null) {
            refusals.login("?", peer, "no user and password given");
            throw new SecurityException("Authentication failed! Credentials required");
        }
        if (!users.passwordMatches(pair[0], pair[1])) {
            refusals.login(pair[0], peer, "wrong user or password");
            throw new SecurityException("Authentication failed! Invalid username or password");
        }
        if (!users.hasRole(pair[0])) {
            refusals.login(pair[0], peer, "the user has no role in etc/jmx.access");
            throw new SecurityException("Authentication failed! The user has no role");
        }
        return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
    }
}
