package io.clustersync.proxy.internal.commands;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CommandTableTest {

    private static CommandSpec find(String name) {
        return CommandTable.find(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void findsEveryCommandInAnyCase() {
        for (CommandSpec spec : CommandTable.all()) {
            assertEquals(spec, find(spec.name()));
            assertEquals(spec, find(spec.name().toLowerCase(Locale.ROOT)));
        }
        assertEquals("GET", find("gEt").name());
        assertEquals("PEXPIREAT", find("pexpireat").name());
        assertNull(find("XADD"));
        assertEquals("ZREVRANGEBYSCORE", find("zrevrangebyscore").name());
        assertNull(find("G3T"));
        assertNull(find(""));
        assertNull(find("GETGETGETGETGETGETGET"));
    }
}
