package io.jnatsd.robust;

import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak detector, recording every report so that {@link LeakCheck} can fail the test
 * that produced it instead of leaving a log line nobody reads. Installed for the whole test
 * JVM by the surefire property {@code io.netty.customResourceLeakDetector}; Netty logs the
 * report as usual as well.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> REPORTS = new ArrayList<>();
    private static volatile boolean installed;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** The constructor Netty looks for first. */
    @SuppressWarnings("deprecation")
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
        installed = true;
    }

    /** Whether Netty created at least one detector of this class (the property was honoured). */
    static boolean installed() {
        return installed;
    }

    /** Takes the reports recorded so far. */
    static List<String> drain() {
        synchronized (REPORTS) {
            List<String> r = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return r;
        }
    }

    private static void record(String report) {
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }

    /** Report even when the logger is off: the record is what fails the test. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record("LEAK: " + resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
