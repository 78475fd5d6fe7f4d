package vn.stocktracker.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand (thread-safe: servers on other threads may read it). {@link #withZone}
 * gives a view in another zone that moves with this one.
 */
public final class ManualClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    public ManualClock(long millis) {
        this(new AtomicLong(millis), ZoneOffset.UTC);
    }

    public ManualClock(Instant start) {
        this(start.toEpochMilli());
    }

    private ManualClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new ManualClock(millis, other);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
