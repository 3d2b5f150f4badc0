package io.clustersync.core.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A source of Replica Of: a database on another cluster, reached through one of its proxy endpoints, as an
 * operator writes it: {@code redis://[:password@]host:port/name} (or {@code clustersync://}), or over TLS
 * {@code rediss://[:password@]host:port/name[?cacert=/path/ca.pem]}: the source's certificate is then verified
 * against that CA (the source cluster's {@code etc/cluster-ca.pem}, copied to the destination nodes), or the JDK's
 * authorities without one, and its address against the certificate. The password, when the source database has one,
 * is kept to authenticate the stream; {@link #display()} hides it.
 */
public record ReplicaSource(String host, int port, String database, String password, boolean tls, String caFile) {

    public ReplicaSource(String host, int port, String database, String password) {
        this(host, port, database, password, false, null);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /** Parses a source URI; anything missing or malformed is named in the error with the expected form. */
    public static ReplicaSource parse(String text) {
        String form = "; write it as redis://[:password@]host:port/database or rediss://[:password@]host:port/database"
                + "[?cacert=/path/ca.pem]";
        String raw = text == null ? "" : text.trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ModelException("replica source '" + raw + "' is not a URI (" + e.getReason() + ")" + form);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss") || scheme.equals("clustersync"))) {
            throw new ModelException("replica source '" + raw + "' must start with redis://, rediss:// or clustersync://" + form);
        }
        boolean tls = scheme.equals("rediss");
        String caFile = null;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!key.equals("cacert") || value.isBlank()) {
                    throw new ModelException("replica source '" + raw + "': unknown or empty option '" + pair + "' (the one"
                            + " option is cacert=<file of the source's CA certificate, PEM>)" + form);
                }
                caFile = value;
            }
            if (!tls) {
                throw new ModelException("replica source '" + raw + "': cacert is for rediss:// sources only" + form);
            }
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ModelException("replica source '" + raw + "' names no host" + form);
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new ModelException("replica source '" + raw + "' names no port (1-65535)" + form);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!NAME.matcher(path).matches()) {
            throw new ModelException("replica source '" + raw + "' names no source database (letters, digits, _ and -)" + form);
        }
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            String secret = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
            password = URLDecoder.decode(secret, StandardCharsets.UTF_8);
        }
        return new ReplicaSource(uri.getHost(), uri.getPort(), path, password == null || password.isEmpty() ? null : password,
                tls, caFile);
    }

    /** The URI with its password, as stored in the cluster model. */
    public String uri() {
        String secret = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return scheme() + secret + host + ":" + port + "/" + database + options();
    }

    /** The URI as shown to operators: the password, if any, replaced by {@code ****}. */
    public String display() {
        return scheme() + (password == null ? "" : ":****@") + host + ":" + port + "/" + database + options();
    }

    private String scheme() {
        return tls ? "rediss://" : "redis://";
    }

    private String options() {
        return caFile == null ? "" : "?cacert=" + URLEncoder.encode(caFile, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display();
    }
}
