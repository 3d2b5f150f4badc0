package io.clustersync.core.internal.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusPipelineTest {

    @Test
    void aFrameLargerThanAPeerTakesIsRefusedBeforeItLeavesWithItsSize() {
        int largest = BusPipeline.MAX_FRAME_BYTES - Integer.BYTES - 1;
        assertDoesNotThrow(() -> BusPipeline.checkSize(new Frame((byte) 23, new byte[largest])));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BusPipeline.checkSize(new Frame((byte) 23, new byte[largest + 1])));
        assertTrue(refused.getMessage().contains("type 23 would be " + (BusPipeline.MAX_FRAME_BYTES + 1) + " bytes"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("at most " + BusPipeline.MAX_FRAME_BYTES), refused.getMessage());
    }
}
