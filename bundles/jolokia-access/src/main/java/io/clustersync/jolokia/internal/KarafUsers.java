package io.clustersync.jolokia.internal;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import java.security.Principal;

/**
 * The users of a Karaf container, where the node has no {@code etc/jmx.password}: a JAAS login in Karaf's realm
 * ({@code karaf}, the one its JMX connector uses), the {@code admin} role reading and changing, {@code viewer} reading,
 * as Karaf's JMX ACLs shipped with the feature say.
 */
final class KarafUsers {

    static final String REALM = "karaf";

    private KarafUsers() {
    }

    static JmxUsers.Role check(String authorization) {
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null) {
            return null;
        }
        String user = credentials.user();
        char[] password = credentials.password().toCharArray();
        Subject subject = new Subject();
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(KarafUsers.class.getClassLoader());
            LoginContext login = new LoginContext(REALM, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
        } catch (LoginException | SecurityException e) {
            return null;
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        boolean admin = false;
        boolean viewer = false;
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("RolePrincipal")) {
                admin |= p.getName().equals("admin");
                viewer |= p.getName().equals("viewer");
            }
        }
        return admin ? JmxUsers.Role.READ_WRITE : viewer ? JmxUsers.Role.READ_ONLY : null;
    }
}
