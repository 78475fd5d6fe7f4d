package dev.stackctl.engine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a watcher when something may have changed (an engine event arrived), so that it looks again at
 * once instead of polling; signals that arrive while it is looking collapse into one wake-up.
 */
public final class ChangeSignal {
    private final Semaphore permits = new Semaphore(0);

    public void signal() {
        permits.release();
    }

    /**
     * Waits up to {@code max} for a signal (returns at once if one arrived since the last call);
     * true when signalled, false on timeout. Pending signals are consumed.
     */
    public boolean await(Duration max) throws InterruptedException {
        boolean got = permits.tryAcquire(Math.max(0, max.toMillis()), TimeUnit.MILLISECONDS);
        if (got) {
            // events come in bursts (compose creates and starts several containers at once): one look
            // after the burst instead of one per event, which would compete with the engine's own work
            Thread.sleep(SETTLE.toMillis());
        }
        permits.drainPermits();
        return got;
    }

    /** How long a wake-up waits for the rest of a burst of events. */
    static final Duration SETTLE = Duration.ofMillis(20);
}
