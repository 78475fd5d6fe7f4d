package dev.stackctl.engine;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Where the image builder reports what it is doing: which image, which step, how long so far. */
@FunctionalInterface
public interface ProgressSink {
    /** Steps: {@code check}, {@code rootfs}, {@code import}, {@code build}, {@code done}, {@code cached}. */
    void report(String image, String step, Duration elapsed, String note);

    ProgressSink NONE = (image, step, elapsed, note) -> {};

    /** One line per report, e.g. {@code images: timescaledb  rootfs   12.0 s  mmdebstrap trixie}. */
    static ProgressSink printingTo(PrintWriter err) {
        return (image, step, elapsed, note) -> {
            synchronized (err) {
                err.println(String.format(Locale.ROOT, "images: %-12s %-7s %6.1f s  %s",
                        image, step, elapsed.toMillis() / 1000.0, note).stripTrailing());
                err.flush();
            }
        };
    }
}
