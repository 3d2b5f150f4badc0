package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.bus.Frame;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node says of itself for the requirement checks: its admin account names, install path, digest of
 * etc/cluster.key, cluster certificate, address, clock, configuration-database settings, clustersync version,
 * whether its own link to the primary is up (mutual TLS works its way), the computer it runs on, the network
 * segment of its address, how administrators authenticate to it by certificate (JMX administrators and the key
 * alias of its JMX certificate), and where it is administered (JMX, and HTTP when it serves it).
 */
record NodeFacts(int nodeId, List<String> accounts, String installPath, String clusterKeyDigest, String certificateAlias,
                 String certificateFingerprint, String address, long clockMs, String databaseSettings, String version,
                 boolean linkToPrimaryUp, long appliedSeq, String computer, String segment, String certificateAdmins,
                 String jmxAddress, String httpAddress) {

    byte[] encode() {
        return Frame.write(out -> {
            out.writeInt(nodeId);
            out.writeInt(accounts.size());
            for (String a : accounts) {
                out.writeUTF(a);
            }
            out.writeUTF(installPath);
            out.writeUTF(clusterKeyDigest);
            out.writeUTF(certificateAlias);
            out.writeUTF(certificateFingerprint);
            out.writeUTF(address);
            out.writeLong(clockMs);
            out.writeUTF(databaseSettings);
            out.writeUTF(version);
            out.writeBoolean(linkToPrimaryUp);
            out.writeLong(appliedSeq);
            out.writeUTF(computer);
            out.writeUTF(segment);
            out.writeUTF(certificateAdmins);
            out.writeUTF(jmxAddress);
            out.writeUTF(httpAddress);
        });
    }

    static NodeFacts decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int id = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 1000) {
                throw new IOException("bad account count " + n);
            }
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                accounts.add(in.readUTF());
            }
            return new NodeFacts(id, accounts, in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                    in.readLong(), in.readUTF(), in.readUTF(), in.readBoolean(), in.readLong(), in.readUTF(), in.readUTF(),
                    in.readUTF(), in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed node facts: " + e.getMessage(), e);
        }
    }
}
