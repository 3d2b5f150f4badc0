package io.clustersync.jolokia.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JmxUsersTest {

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theJmxUsersAndRolesDecideAndAnythingMalformedIsNoOne(@TempDir Path etc) throws Exception {
        Files.writeString(etc.resolve("jmx.password"), "admin s3cret:with:colons\nmonitor m0n\nghost boo\n");
        Files.writeString(etc.resolve("jmx.access"), "admin readwrite\nmonitor readonly\n");
        JmxUsers users = new JmxUsers(etc);
        assertEquals(JmxUsers.Role.READ_WRITE, users.check(basic("admin:s3cret:with:colons")), "a password may hold colons");
        assertEquals(JmxUsers.Role.READ_ONLY, users.check("basic " + basic("monitor:m0n").substring(6)));
        assertNull(users.check(basic("admin:wrong")));
        assertNull(users.check(basic("ghost:boo")), "a user without a role in jmx.access");
        assertNull(users.check(basic("nobody:x")));
        assertNull(users.check(null));
        assertNull(users.check("Bearer abc"));
        assertNull(users.check("Basic not-base64!"));
        assertNull(users.check(basic(":m0n")), "no user");
        assertEquals("admin", BasicCredentials.userOf(basic("admin:x")));
        assertEquals("-", BasicCredentials.userOf("Basic ???"));
    }
}
