package io.clustersync.core.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A source of Replica Of: a database on another cluster, reached through one of its proxy endpoints, as an
 * operator writes it: {@code redis://[:password@]host:port/name} (or {@code clustersync://}). The password, when
 * the source database has one, is kept to authenticate the stream; {@link #display()} hides it.
 */
public record ReplicaSource(String host, int port, String database, String password) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /** Parses a source URI; anything missing or malformed is named in the error with the expected form. */
    public static ReplicaSource parse(String text) {
        String form = "; write it as redis://[:password@]host:port/database";
        String raw = text == null ? "" : text.trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ModelException("replica source '" + raw + "' is not a URI (" + e.getReason() + ")" + form);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("redis") || uri.getScheme().equalsIgnoreCase("clustersync"))) {
            throw new ModelException("replica source '" + raw + "' must start with redis:// or clustersync://" + form);
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
        return new ReplicaSource(uri.getHost(), uri.getPort(), path, password == null || password.isEmpty() ? null : password);
    }

    /** The URI with its password, as stored in the cluster model. */
    public String uri() {
        String secret = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return "redis://" + secret + host + ":" + port + "/" + database;
    }

    /** The URI as shown to operators: the password, if any, replaced by {@code ****}. */
    public String display() {
        return "redis://" + (password == null ? "" : ":****@") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return display();
    }
}
