package io.clustersync.core.internal.sync;

import io.clustersync.core.api.JmxUserFiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The facts of a node that come from its computer rather than its configuration: which computer it runs on, the
 * network segment of its address, and who administers it by certificate over JMX.
 */
final class HostFacts {

    private static final List<Path> MACHINE_IDS = List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));

    private HostFacts() {
    }

    /** "hostname (machine-id 0123456789ab)": the machine-id tells computers apart, the host name tells the operator. */
    static String computer() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = String.valueOf(System.getenv("HOSTNAME"));
        }
        for (Path file : MACHINE_IDS) {
            try {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!id.isEmpty()) {
                    return host + " (machine-id " + id.substring(0, Math.min(12, id.length())) + ")";
                }
            } catch (IOException e) {
                // the next file, or the host name alone
            }
        }
        return host;
    }

    /** The network (address/prefix) of the interface of this computer whose subnet holds {@code address}. */
    static String segment(String address) {
        InetAddress wanted;
        try {
            wanted = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return "unknown (" + address + " does not resolve)";
        }
        InterfaceAddress best = null;
        String name = "";
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress candidate : nic.getInterfaceAddresses()) {
                    if (contains(candidate.getAddress(), candidate.getNetworkPrefixLength(), wanted)
                            && (best == null || candidate.getNetworkPrefixLength() > best.getNetworkPrefixLength())) {
                        best = candidate;
                        name = nic.getName();
                    }
                }
            }
        } catch (SocketException e) {
            return "unknown (cannot list network interfaces: " + e.getMessage() + ")";
        }
        if (best == null) {
            return "unknown (" + address + " is on no interface of this computer)";
        }
        return network(wanted, best.getNetworkPrefixLength()) + " (" + name + ")";
    }

    static String network(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress().clone();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean contains(InetAddress network, int prefix, InetAddress address) {
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length || prefix < 0) {
            return false;
        }
        for (int bit = 0; bit < Math.min(prefix, a.length * 8); bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How administrators authenticate to the node by certificate: the JMX administrators (readwrite users of
     * etc/jmx.access) and the key alias of its JMX certificate (etc/jmx.p12, opened as etc/jmx-ssl.properties says).
     */
    static String certificateAdmins(Path etc) {
        List<String> admins = new ArrayList<>();
        Path access = etc.resolve(JmxUserFiles.ACCESS);
        try {
            JmxUserFiles.read(access).forEach((user, role) -> {
                if (role.equals("readwrite")) {
                    admins.add(user);
                }
            });
        } catch (IOException e) {
            return "unreadable " + access + ": " + e.getMessage();
        }
        Collections.sort(admins);
        return "administrators " + (admins.isEmpty() ? "(none)" : String.join(",", admins)) + ", key alias " + keyAliases(etc);
    }

    /** The key aliases last read, with the store's time and size then: opening a PKCS12 store takes tens of ms. */
    private static volatile String[] aliasesRead = {"", ""};

    private static String keyAliases(Path etc) {
        Path settings = etc.resolve("jmx-ssl.properties");
        Path store = etc.resolve("jmx.p12");
        if (!Files.exists(store) || !Files.exists(settings)) {
            return "(none: no JMX certificate)";
        }
        String stamp;
        try {
            stamp = store.toAbsolutePath() + "|" + Files.getLastModifiedTime(store).toMillis() + "|" + Files.size(store);
        } catch (IOException e) {
            stamp = "";
        }
        String[] cached = aliasesRead;
        if (!stamp.isEmpty() && cached[0].equals(stamp)) {
            return cached[1];
        }
        String aliases = readKeyAliases(settings, store);
        aliasesRead = new String[] {stamp, aliases};
        return aliases;
    }

    private static String readKeyAliases(Path settings, Path store) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(settings)) {
            p.load(in);
            char[] password = p.getProperty("javax.net.ssl.keyStorePassword", "").toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream s = Files.newInputStream(store)) {
                keys.load(s, password);
            }
            List<String> aliases = new ArrayList<>();
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    aliases.add(alias);
                }
            }
            Collections.sort(aliases);
            return aliases.isEmpty() ? "(none: no key in " + store.getFileName() + ")" : String.join(",", aliases);
        } catch (IOException | GeneralSecurityException e) {
            return "(unreadable " + store.getFileName() + ": " + e.getMessage() + ")";
        }
    }
}
