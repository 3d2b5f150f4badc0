package io.clustersync.jmxagent;

import javax.management.MBeanServer;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.security.AccessController;
import java.util.Set;

/**
 * Lets a readonly user read (attributes, queries, MBean info, notifications) and nothing else, as the JDK's access
 * file does: setting an attribute, running an operation, creating or removing an MBean are refused with
 * {@code Access denied!} and counted.
 */
final class ReadOnlyGuard implements InvocationHandler {

    private static final Set<String> CHANGES = Set.of("setAttribute", "setAttributes", "invoke", "createMBean",
            "registerMBean", "unregisterMBean", "instantiate", "getClassLoader", "getClassLoaderFor",
            "getClassLoaderRepository", "deserialize");

    private final JmxUsers users;
    private final Refusals refusals;
    private MBeanServer target;

    private ReadOnlyGuard(JmxUsers users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    static MBeanServerForwarder forwarder(JmxUsers users, Refusals refusals) {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new ReadOnlyGuard(users, refusals));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getMBeanServer":
                return target;
            case "setMBeanServer":
                target = (MBeanServer) args[0];
                return null;
            default:
                break;
        }
        if (CHANGES.contains(method.getName())) {
            String user = caller();
            if (user != null && !users.readWrite(user)) {
                refusals.operation(user, peer(), method.getName() + (args != null && args.length > 1 && args[1] instanceof String s
                        ? " " + s : "") + (args != null && args.length > 0 ? " on " + args[0] : ""));
                throw new SecurityException("Access denied! Invalid access level for requested MBeanServer operation.");
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String peer() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "?";
        }
    }

    /** The JMX user of the current call, or null outside a remote call. */
    @SuppressWarnings("removal")
    private static String caller() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return null;
        }
        return subject.getPrincipals(JMXPrincipal.class).stream().map(JMXPrincipal::getName).findFirst().orElse(null);
    }
}
