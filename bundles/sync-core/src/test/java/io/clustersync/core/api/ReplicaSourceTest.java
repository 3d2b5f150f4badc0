package io.clustersync.core.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSourceTest {

    @Test
    void aRedissSourceKeepsItsCaFileThroughItsUriAndHidesOnlyThePassword() {
        ReplicaSource s = ReplicaSource.parse("rediss://:p%40ss@10.0.0.5:12000/orders?cacert=/etc/clusters/east%20ca.pem");
        assertTrue(s.tls());
        assertEquals("/etc/clusters/east ca.pem", s.caFile());
        assertEquals("p@ss", s.password());
        assertEquals(s, ReplicaSource.parse(s.uri()), "the stored URI reads back the same source");
        assertEquals("rediss://:****@10.0.0.5:12000/orders?cacert=%2Fetc%2Fclusters%2Feast+ca.pem", s.display());

        ReplicaSource plain = ReplicaSource.parse("redis://10.0.0.5:12000/orders");
        assertFalse(plain.tls());
        assertNull(plain.caFile());
        assertEquals("redis://10.0.0.5:12000/orders", plain.uri());
        assertTrue(ReplicaSource.parse("rediss://10.0.0.5:12000/orders").tls(), "the JDK's authorities without cacert");
    }

    @Test
    void optionsOtherThanCacertAndCacertWithoutTlsAreRefusedWithTheForm() {
        ModelException unknown = assertThrows(ModelException.class,
                () -> ReplicaSource.parse("rediss://10.0.0.5:12000/orders?verify=no"));
        assertTrue(unknown.getMessage().contains("unknown or empty option 'verify=no'"), unknown.getMessage());
        ModelException plain = assertThrows(ModelException.class,
                () -> ReplicaSource.parse("redis://10.0.0.5:12000/orders?cacert=/ca.pem"));
        assertTrue(plain.getMessage().contains("cacert is for rediss:// sources only"), plain.getMessage());
        ModelException scheme = assertThrows(ModelException.class, () -> ReplicaSource.parse("https://10.0.0.5:12000/orders"));
        assertTrue(scheme.getMessage().contains("must start with redis://, rediss:// or clustersync://"), scheme.getMessage());
    }
}
