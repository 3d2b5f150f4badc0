package io.clustersync.core.api;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalLogTest {

    /** The WARN lines a logger was given, each as its format followed by its arguments. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> {
            if (m.getName().equals("warn")) {
                lines.add(Arrays.deepToString(a));
            }
            return m.getReturnType() == boolean.class ? Boolean.TRUE : null;
        });
    }

    @Test
    void everyRefusalIsCountedAndAtMostOneLineASecondIsLoggedSayingHowManyWereNot() throws Exception {
        List<String> lines = new ArrayList<>();
        RefusalLog log = new RefusalLog(recording(lines));
        assertEquals("", log.last());
        for (int i = 0; i < 50; i++) {
            log.refused("refused client " + i);
        }
        assertEquals(50, log.count());
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("refused client 0") && lines.get(0).contains(", 1, "), lines.get(0));
        assertTrue(log.last().endsWith(" refused client 49"), log.last());
        Thread.sleep(RefusalLog.LOG_EVERY_MS + 50);
        log.refused("refused client 50");
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(1).contains("refused client 50") && lines.get(1).contains(", 51, ")
                && lines.get(1).contains("49 not logged since the line before"), lines.get(1));
    }
}
