package io.clustersync.jolokia.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The user and password of an HTTP {@code Authorization: Basic ...} header. */
record BasicCredentials(String user, String password) {

    /** The credentials the header gives, or null (no header, another scheme, malformed, no user). */
    static BasicCredentials parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = pair.indexOf(':');
        return colon <= 0 ? null : new BasicCredentials(pair.substring(0, colon), pair.substring(colon + 1));
    }

    /** The user name a header gives (for the log), or "-". */
    static String userOf(String authorization) {
        BasicCredentials c = parse(authorization);
        return c == null ? "-" : c.user();
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + user + ", ****]";
    }
}
