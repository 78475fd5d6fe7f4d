package vn.stocktracker.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for integration tests. */
final class Await {
    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Services.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
