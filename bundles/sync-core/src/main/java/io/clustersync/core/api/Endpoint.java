package io.clustersync.core.api;

import java.util.Locale;

/**
 * A database endpoint: the port its proxies listen on and the policy that places them.
 */
public record Endpoint(int databaseId, int index, int port, ProxyPolicy policy) {

    /** The operator's name, {@code endpoint:<db>:<n>}. */
    public String id() {
        return "endpoint:" + databaseId + ":" + index;
    }

    /** True for {@code endpoint:1:1}, {@code 1:1} and any case of either. */
    public boolean matches(String reference) {
        String wanted = reference == null ? "" : reference.trim().toLowerCase(Locale.ROOT);
        return wanted.equals(id()) || wanted.equals(databaseId + ":" + index);
    }
}
