package io.clustersync.core.internal.bus;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameTypesTest {

    @Test
    void everyApplicationFrameTypeHasItsOwnCodeAboveTheBusOwn() throws IllegalAccessException {
        Map<Byte, String> owners = new HashMap<>();
        for (Field field : FrameTypes.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != byte.class) {
                continue;
            }
            byte code = field.getByte(null);
            assertTrue(code >= Frame.FIRST_APPLICATION_TYPE, field.getName() + " = " + code + " is a bus type");
            assertNull(owners.put(code, field.getName()), field.getName() + " reuses code " + code);
        }
        assertTrue(owners.size() >= 23, "found " + owners.size() + " frame types");
    }

    @Test
    void theFramesOfEachComponentUseTheirDeclaredCodes() throws ReflectiveOperationException {
        Map<String, String> prefixes = Map.of(
                "io.clustersync.core.internal.sync.SyncFrames", "SYNC_",
                "io.clustersync.core.internal.shards.DataFrames", "DATA_",
                "io.clustersync.core.internal.shards.StreamFrames", "STREAM_",
                "io.clustersync.core.internal.replication.StatusFrames", "STATUS_");
        int declaredTypes = 0;
        int checked = 0;
        for (Field declared : FrameTypes.class.getDeclaredFields()) {
            if (!Modifier.isStatic(declared.getModifiers()) || declared.getType() != byte.class) {
                continue;
            }
            declaredTypes++;
            for (Map.Entry<String, String> owner : prefixes.entrySet()) {
                if (declared.getName().startsWith(owner.getValue())) {
                    Field used = Class.forName(owner.getKey())
                            .getDeclaredField(declared.getName().substring(owner.getValue().length()));
                    used.setAccessible(true);
                    assertEquals(declared.getByte(null), used.getByte(null), owner.getKey() + "." + used.getName());
                    checked++;
                }
            }
        }
        assertEquals(declaredTypes, checked, "every declared type belongs to one component's frames");
    }
}
