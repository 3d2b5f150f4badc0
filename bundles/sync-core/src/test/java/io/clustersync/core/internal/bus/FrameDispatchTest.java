package io.clustersync.core.internal.bus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames that come before their handler registers are handed to it when it does, within bounds. */
class FrameDispatchTest {

    private static final byte TYPE = FrameTypes.SYNC_CHANGE;
    private final AtomicLong now = new AtomicLong(1_000);
    private final FrameDispatch dispatch = new FrameDispatch(now::get);
    private final List<String> handled = new ArrayList<>();

    private static Frame frame(String text) {
        return new Frame(TYPE, text.getBytes());
    }

    private void register() {
        dispatch.register(TYPE, (from, frame) -> handled.add(from + ":" + new String(frame.payload())));
    }

    @Test
    void aFrameBeforeItsHandlerIsHandedOverWhenTheHandlerComesInOrder() {
        assertTrue(dispatch.dispatch(2, frame("promote")));
        assertTrue(dispatch.dispatch(3, frame("second")));
        assertEquals(List.of(), handled);
        register();
        assertEquals(List.of("2:promote", "3:second"), handled);
        dispatch.dispatch(2, frame("later"));
        assertEquals(List.of("2:promote", "3:second", "2:later"), handled);
    }

    @Test
    void aFrameHeldTooLongIsNotHandedOver() {
        dispatch.dispatch(2, frame("stale"));
        now.addAndGet(FrameDispatch.HOLD_NANOS);
        dispatch.dispatch(2, frame("fresh"));
        register();
        assertEquals(List.of("2:fresh"), handled);
    }

    @Test
    void onlyABoundedNumberOfFramesIsHeld() {
        for (int i = 0; i < FrameDispatch.HOLD_PER_TYPE; i++) {
            assertTrue(dispatch.dispatch(2, frame("f" + i)));
        }
        assertFalse(dispatch.dispatch(2, frame("one too many")));
        register();
        assertEquals(FrameDispatch.HOLD_PER_TYPE, handled.size());
    }

    @Test
    void heldBytesAreBoundedOverAllTypes() {
        assertTrue(dispatch.dispatch(2, new Frame(TYPE, new byte[(int) (FrameDispatch.HOLD_BYTES / 2)])));
        assertFalse(dispatch.dispatch(2, new Frame(FrameTypes.SYNC_ACK, new byte[(int) (FrameDispatch.HOLD_BYTES / 2) + 1])));
        register();
        assertTrue(dispatch.dispatch(2, new Frame(FrameTypes.SYNC_ACK, new byte[(int) (FrameDispatch.HOLD_BYTES / 2) + 1])),
                "handing frames over frees their bytes");
    }

    @Test
    void framesAfterAHandlerLeftWaitForTheNextOne() {
        register();
        dispatch.unregister(TYPE);
        dispatch.dispatch(2, frame("during a restart"));
        assertEquals(List.of(), handled);
        register();
        assertEquals(List.of("2:during a restart"), handled);
    }
}
