package io.jnatsd.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that starts at a given instant and moves on by a fixed step at every reading. */
final class SteppingClock extends Clock {

    private final Instant start;
    private final long stepNanos;
    private final ZoneId zone;
    private final AtomicLong readings;

    SteppingClock(Instant start, Duration step, ZoneId zone) {
        this(start, step.toNanos(), zone, new AtomicLong());
    }

    private SteppingClock(Instant start, long stepNanos, ZoneId zone, AtomicLong readings) {
        this.start = start;
        this.stepNanos = stepNanos;
        this.zone = zone;
        this.readings = readings;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SteppingClock(start, stepNanos, zone, readings);
    }

    @Override
    public Instant instant() {
        return start.plusNanos(stepNanos * readings.getAndIncrement());
    }
}
