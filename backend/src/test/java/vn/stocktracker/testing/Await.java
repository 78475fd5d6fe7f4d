package vn.stocktracker.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling for tests: every wait has a deadline and says what did not happen. An exception
 * from the condition is not taken as "not yet": it fails the wait at once, so a broken probe cannot
 * hide behind a timeout. Conditions that may legitimately fail while something starts (a port not
 * listening yet) catch that themselves and return false.
 */
public final class Await {

    private Await() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, () -> what, condition);
    }

    public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                if (Boolean.getBoolean("await.threadDump")) {
                    dumpThreads();
                }
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get());
            }
        }
    }

    private static void dumpThreads() {
        StringBuilder b = new StringBuilder("---- thread dump at an Await timeout ----\n");
        for (var e : Thread.getAllStackTraces().entrySet()) {
            b.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                b.append("    at ").append(f).append('\n');
            }
        }
        System.err.println(b);
    }
}
