package io.jnatsd.robust;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (or earlier, as a leak is
 * only found once the buffer was garbage collected: the message says so).
 *
 * <p>Netty finds leaks lazily: a buffer that was never released is noticed when the garbage
 * collector has queued it and the next buffer is allocated. So after the class this collects
 * garbage and allocates a few tracked buffers, twice, before reading the reports.
 */
public final class LeakCheck implements AfterAllCallback {
    private static final int ROUNDS = 3;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> reports = collect();
        if (!reports.isEmpty()) {
            fail(reports.size() + " Netty leak report(s) after " + context.getDisplayName()
                    + " (the leak may come from an earlier class in this JVM):\n"
                    + String.join("\n\n", reports));
        }
    }

    /** Forces pending leak reports out and returns them. */
    static List<String> collect() throws InterruptedException {
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            return List.of();
        }
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 4; j++) {
                release(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(16));
            }
        }
        return RecordingLeakDetector.drain();
    }

    private static void release(ByteBuf b) {
        b.release();
    }
}
