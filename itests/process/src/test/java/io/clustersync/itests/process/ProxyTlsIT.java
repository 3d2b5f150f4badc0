package io.clustersync.itests.process;

import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.cli.JmxTls;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database's proxies over TLS on one node (127.0.0.1): redis-cli, Jedis and Lettuce verify the node's certificate
 * against the cluster's CA ({@code etc/cluster-ca.pem}); a plain-text client is refused, logged and counted; with
 * {@code tls mutual} a client without a certificate of the cluster's CA is refused and one with it served; with
 * {@code tls no} plain text works again.
 */
class ProxyTlsIT {

    @Test
    void proxiesSpeakTlsWithTheNodesCertificateAndRefusePlainText(@TempDir Path dir) throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("node"), 1, "tls")) {
            assertEquals(0, node.start().exitCode(), node::log);
            int port = NodeProcess.freePort(node.address);
            NodeProcess.Result created = node.admin("create", "db", "vault", "shards", "2", "port", String.valueOf(port), "tls", "yes");
            assertEquals(0, created.exitCode(), created::toString);
            Path ca = node.home.resolve("etc/cluster-ca.pem");
            awaitTls(node, port, ca);
            assertTrue(node.admin("status", "endpoints").out().matches("(?s).*vault +endpoint:\\d+:1 +node:1 +single +Yes .*"),
                    node.admin("status", "endpoints").out());

            String cli = RedisServerProcess.cli().toString();
            NodeProcess.Result set = NodeProcess.exec(List.of(cli, "--tls", "--cacert", ca.toString(), "-h", node.address,
                    "-p", String.valueOf(port), "set", "secret", "42"));
            assertEquals("OK", set.out().trim(), set::toString);

            try (Jedis jedis = new Jedis(new HostAndPort(node.address, port), DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(trusting(ca).getSocketFactory()).timeoutMillis(5000).build())) {
                assertEquals("42", jedis.get("secret"));
                jedis.incr("visits");
                JedisDataException wrong = assertThrows(JedisDataException.class, () -> jedis.auth("intruder", "guess"));
                assertTrue(wrong.getMessage().startsWith("WRONGPASS"), wrong.getMessage());
            }
            RedisClient lettuce = RedisClient.create();
            try {
                lettuce.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()).build());
                RedisURI uri = RedisURI.builder().withHost(node.address).withPort(port).withSsl(true).withVerifyPeer(true)
                        .withTimeout(Duration.ofSeconds(5)).build();
                try (StatefulRedisConnection<String, String> c = lettuce.connect(uri)) {
                    assertEquals("1", c.sync().get("visits"), "Lettuce verifies the certificate's address (127.0.0.1) too");
                }
            } finally {
                lettuce.shutdown();
            }

            // Jedis talks to the server as it connects: a plain-text client on the TLS port fails there
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis plain = new Jedis(node.address, port, 3000)) {
                    plain.get("secret");
                }
            }, "plain text on a TLS port");
            try (JMXConnector jmx = node.jmx("admin", node.password("admin"))) {
                DatabaseMXBean bean = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                        new ObjectName(DatabaseMXBean.objectName("vault")), DatabaseMXBean.class);
                assertEquals("yes", bean.getTls());
                await("the refused handshake is counted", () -> bean.getTlsRefusals() >= 1);
                assertEquals(1, bean.getPasswordRefusals(), "the wrong password is counted");
            }
            await("the refusal is logged with the client's address", () -> node.log()
                    .contains("refused a TLS handshake from /127.0.0.1:"));
            await("the wrong password is logged with the client's address", () -> node.log()
                    .contains("refused the password of 127.0.0.1:"));

            // Replica Of over rediss:// from another cluster: refused with the wrong CA, replicating with the source's
            // west's JMX is plain (jmx.tls = false, the explicit opt-out): its CLI speaks plain text, a TLS client gets nothing
            try (NodeProcess west = new NodeProcess(dir.resolve("west"), 4, "west").primary(4).plainJmx()) {
                assertEquals(0, west.start().exitCode(), west::log);
                assertTrue(Files.readString(west.home.resolve("etc/io.clustersync.node.cfg")).contains("jmx.tls = false"));
                assertThrows(IOException.class, () -> JmxTls.connect(west.jmxUrl(), "admin", west.password("admin"), true).close());
                try (JMXConnector plainJmx = JmxTls.connect(west.jmxUrl(), "admin", west.password("admin"), false)) {
                    assertEquals("west", plainJmx.getMBeanServerConnection().getAttribute(new ObjectName(
                            "io.clustersync:type=Cluster"), "ClusterName"));
                }
                int copyPort = NodeProcess.freePort(west.address);
                assertEquals(0, west.admin("create", "db", "copy", "shards", "1", "port", String.valueOf(copyPort)).exitCode());
                String wrongCa = west.home.resolve("etc/cluster-ca.pem").toString();
                assertEquals(0, west.admin("replica-of", "db", "copy", "source", "rediss://" + node.address + ":" + port
                        + "/vault?cacert=" + wrongCa).exitCode());
                String refused = ThreeNodeCluster.await(west, "a source whose certificate the wrong CA does not issue",
                        out -> out.contains("TLS with source " + node.address + ":" + port + " refused"), 30_000, "info", "db", "copy");
                assertTrue(refused.contains(wrongCa), refused);
                try (Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                    assertEquals(null, copy.get("secret"), "nothing replicated through an unverified source");
                    assertEquals(0, west.admin("replica-of", "db", "copy", "source", "rediss://" + node.address + ":" + port
                            + "/vault?cacert=" + ca).exitCode());
                    await("the copy replicates over TLS once the source's CA is given", () -> "42".equals(copy.get("secret")));
                    assertTrue(west.admin("info", "db", "copy").out().contains("rediss://" + node.address + ":" + port + "/vault"),
                            west.admin("info", "db", "copy").out());
                }
            }

            // mutual: a client certificate of the cluster's CA is required
            assertEquals(0, node.admin("tune", "db", "vault", "tls", "mutual").exitCode());
            Path client = clientCertificate(node, dir.resolve("client"));
            RedisClient mutual = RedisClient.create();
            try {
                RedisURI uri = RedisURI.builder().withHost(node.address).withPort(port).withSsl(true).withVerifyPeer(true)
                        .withTimeout(Duration.ofSeconds(5)).build();
                mutual.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()).build());
                await("a client without a certificate is refused once the proxy runs mutual TLS", () -> {
                    try (StatefulRedisConnection<String, String> c = mutual.connect(uri)) {
                        c.sync().get("secret");
                        return false;
                    } catch (RedisConnectionException refused) {
                        return true;
                    } catch (RuntimeException other) {
                        return true;
                    }
                });
                mutual.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(ca.toFile())
                        .keystore(client.toFile(), "client-pass".toCharArray()).build()).build());
                try (StatefulRedisConnection<String, String> c = mutual.connect(uri)) {
                    assertEquals("42", c.sync().get("secret"), "a client certificate issued by the cluster's CA is served");
                }
            } finally {
                mutual.shutdown();
            }

            assertEquals(0, node.admin("tune", "db", "vault", "tls", "no").exitCode());
            await("plain text is served again after tls no", () -> {
                try (Jedis again = new Jedis(node.address, port, 3000)) {
                    return "42".equals(again.get("secret"));
                } catch (JedisConnectionException notYet) {
                    return false;
                }
            });
            NodeProcess.Result wrong = node.admin("tune", "db", "vault", "tls", "maybe");
            assertEquals(1, wrong.exitCode(), wrong::toString);
            assertTrue(wrong.err().contains("tls is no, yes or mutual"), wrong.err());
        }
    }

    private static void await(String what, Supplier<Boolean> condition) {
        Eventually.until(what, condition, Boolean.TRUE::equals, 20_000);
    }

    /** Waits until the proxy answers over TLS (the node issues its certificate the first time, with keytool). */
    private static void awaitTls(NodeProcess node, int port, Path ca) throws Exception {
        SSLContext context = trusting(ca);
        await("the proxy answers over TLS", () -> {
            try (Jedis jedis = new Jedis(new HostAndPort(node.address, port), DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(context.getSocketFactory()).timeoutMillis(3000).build())) {
                return "PONG".equals(jedis.ping());
            } catch (JedisConnectionException notYet) {
                return false;
            }
        });
    }

    /** A TLS context trusting the cluster's CA alone, as a client given {@code etc/cluster-ca.pem} builds it. */
    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("cluster-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * A client certificate issued by the cluster's CA, as the README tells an operator to make one with keytool and
     * the cluster certificate ({@code etc/cluster.p12}, its secret in {@code etc/cluster.key}).
     */
    private static Path clientCertificate(NodeProcess node, Path dir) throws Exception {
        Files.createDirectories(dir);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String store = dir.resolve("client.p12").toString();
        String clusterKey = Files.readString(node.home.resolve("etc/cluster.key")).trim();
        List<List<String>> steps = List.of(
                List.of(keytool, "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=billing app", "-storetype", "PKCS12", "-keystore", store, "-storepass", "client-pass"),
                List.of(keytool, "-certreq", "-alias", "client", "-keystore", store, "-storepass", "client-pass",
                        "-file", dir.resolve("client.csr").toString()),
                List.of(keytool, "-gencert", "-alias", "cluster", "-keystore", node.home.resolve("etc/cluster.p12").toString(),
                        "-storepass", clusterKey, "-infile", dir.resolve("client.csr").toString(), "-outfile",
                        dir.resolve("client.pem").toString(), "-rfc", "-ext", "EKU=clientAuth"),
                List.of(keytool, "-importcert", "-noprompt", "-alias", "cluster-ca", "-file",
                        node.home.resolve("etc/cluster-ca.pem").toString(), "-keystore", store, "-storepass", "client-pass"),
                List.of(keytool, "-importcert", "-noprompt", "-alias", "client", "-file", dir.resolve("client.pem").toString(),
                        "-keystore", store, "-storepass", "client-pass"));
        for (List<String> step : steps) {
            NodeProcess.Result r = NodeProcess.exec(step);
            assertEquals(0, r.exitCode(), r::toString);
        }
        return dir.resolve("client.p12");
    }
}
