package io.clustersync.core.internal.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkThreadsComponentTest {

    @Test
    void byDefaultOneThreadPerTwoProcessorsAndAtLeastOne() {
        assertEquals(1, NetworkThreadsComponent.threads(0, 1));
        assertEquals(1, NetworkThreadsComponent.threads(0, 2));
        assertEquals(1, NetworkThreadsComponent.threads(0, 3));
        assertEquals(4, NetworkThreadsComponent.threads(0, 8));
    }

    @Test
    void aConfiguredCountIsTaken() {
        assertEquals(3, NetworkThreadsComponent.threads(3, 2));
        assertEquals(1, NetworkThreadsComponent.threads(1, 64));
    }

    @Test
    void aNegativeCountIsRefusedNamingTheSettingAndWhereItLives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkThreadsComponent.threads(-2, 4));
        assertTrue(e.getMessage().contains("io.clustersync.node"), e.getMessage());
        assertTrue(e.getMessage().contains("io.threads"), e.getMessage());
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
    }
}
