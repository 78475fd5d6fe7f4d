package vn.stocktracker.source.ssi;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": the n-th delay is uniformly random in [d/2, d] where
 * d = min(max, min * 2^n). Jitter keeps many clients from reconnecting in lock step after an outage.
 * Not thread-safe (owned by the source's supervisor thread).
 */
final class Backoff {

    private final long minMs;
    private final long maxMs;
    private final Random random;
    private int attempt;

    Backoff(Duration min, Duration max, Random random) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
        this.random = random;
    }

    /** The next delay in ms. */
    long next() {
        long d = minMs << Math.min(attempt, 30);
        if (d <= 0 || d > maxMs) {
            d = maxMs;
        }
        attempt++;
        long half = d / 2;
        return half + (long) (random.nextDouble() * (d - half + 1));
    }

    void reset() {
        attempt = 0;
    }

    int attempts() {
        return attempt;
    }
}
