package io.clustersync.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What makes a database one instance of an Active-Active database: the Active-Active database's id (the same in
 * every participating cluster), this instance's id, and every instance (this one included) with its cluster, the
 * JMX address it is administered at and the proxy endpoint its writes are pulled through. The other instances are
 * this database's sources: its syncer pulls their writes and merges them.
 */
public record ActiveActive(String id, int instance, List<Instance> instances) {

    /** The most instances an Active-Active database has. */
    public static final int MAX_INSTANCES = 5;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    /**
     * One instance: its id (1 to {@link #MAX_INSTANCES}), its cluster's name, its cluster's JMX address
     * ({@code host:port}) and the address of its proxy endpoint ({@code host:port}, empty until known).
     */
    public record Instance(int id, String cluster, String admin, String endpoint) {
        public Instance {
            if (id < 1 || id > MAX_INSTANCES) {
                throw new ModelException("an Active-Active instance id is 1 to " + MAX_INSTANCES + ", not " + id);
            }
            cluster = cluster == null ? "" : cluster;
            admin = admin == null ? "" : admin;
            endpoint = endpoint == null ? "" : endpoint;
        }

        /** The endpoint's host, or empty. */
        public String host() {
            int colon = endpoint.lastIndexOf(':');
            return colon < 0 ? "" : endpoint.substring(0, colon);
        }

        /** The endpoint's port, or 0 when not known. */
        public int port() {
            int colon = endpoint.lastIndexOf(':');
            try {
                return colon < 0 ? 0 : Integer.parseInt(endpoint.substring(colon + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    public ActiveActive {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ModelException("an Active-Active database id is 1 to 64 letters, digits, '_', '.', ':' or '-',"
                    + " not '" + id + "'");
        }
        if (instance < 1 || instance > MAX_INSTANCES) {
            throw new ModelException("an Active-Active instance id is 1 to " + MAX_INSTANCES + ", not " + instance);
        }
        instances = List.copyOf(instances == null ? List.of() : instances);
        if (instances.size() > MAX_INSTANCES) {
            throw new ModelException("an Active-Active database has at most " + MAX_INSTANCES + " instances, not "
                    + instances.size());
        }
        List<Integer> seen = new ArrayList<>();
        for (Instance i : instances) {
            if (seen.contains(i.id())) {
                throw new ModelException("Active-Active database '" + id + "' lists instance " + i.id() + " twice");
            }
            seen.add(i.id());
        }
    }

    /** The other instances whose endpoint is known: the ones this instance pulls writes from, by instance id. */
    public List<Instance> peers() {
        return instances.stream().filter(i -> i.id() != instance && i.port() > 0).toList();
    }
}
