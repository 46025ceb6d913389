package io.jnatsd.robust;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leak check itself: the test JVM runs Netty's detector at paranoid with
 * {@link RecordingLeakDetector}, and a buffer that is dropped without release is reported.
 */
class LeakDetectorTest {

    @Test
    void testJvmTracksEveryBufferAndRecordsALeakedOne() throws Exception {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "surefire sets io.netty.leakDetection.level=paranoid");
        LeakCheck.collect(); // whatever earlier classes left is theirs

        leakOne();
        List<String> reports = List.of();
        for (int i = 0; i < 20 && reports.isEmpty(); i++) {
            reports = LeakCheck.collect();
        }
        assertTrue(RecordingLeakDetector.installed(), "Netty uses the recording detector");
        assertFalse(reports.isEmpty(), "a dropped buffer is reported");
        assertTrue(reports.get(0).contains("ByteBuf"), reports.get(0));
    }

    private static void leakOne() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeInt(42);
        // dropped without release()
    }
}
