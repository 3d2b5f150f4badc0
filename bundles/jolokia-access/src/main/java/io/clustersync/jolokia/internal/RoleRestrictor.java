package io.clustersync.jolokia.internal;

import org.jolokia.restrictor.Restrictor;
import org.jolokia.util.HttpMethod;
import org.jolokia.util.RequestType;
import org.osgi.service.component.annotations.Component;

import javax.management.ObjectName;
import java.util.Set;

/**
 * Jolokia's restrictor ({@code useRestrictorService}): what the authenticated user's JMX role allows. {@code readwrite}
 * does anything JMX lets it; {@code readonly} reads, lists, searches and asks the version, and may neither write an
 * attribute nor run an operation, as over JMX.
 */
@Component(service = Restrictor.class)
public class RoleRestrictor implements Restrictor {

    private static final Set<RequestType> READING = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION);

    private static boolean readWrite() {
        return JmxUsersAuthenticator.CURRENT.get() == JmxUsers.Role.READ_WRITE;
    }

    private static boolean anyone() {
        return JmxUsersAuthenticator.CURRENT.get() != null;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return anyone();
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return readWrite() || (anyone() && READING.contains(type));
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return anyone();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return readWrite();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return readWrite();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /**
     * Clients that send no Origin (curl, scripts, Ansible) are let through; a browser page of another site is not,
     * where Jolokia checks strictly (its defence against cross-site requests).
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return origin == null || !strictCheck;
    }
}
