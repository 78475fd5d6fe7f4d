package dev.stackctl.lifecycle;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** Progress lines of up's steps, on stderr: {@code stackctl: <what>}. */
final class Steps {
    private final PrintWriter err;

    Steps(PrintWriter err) {
        this.err = err;
    }

    void say(String what) {
        err.println("stackctl: " + what);
        err.flush();
    }

    PrintWriter writer() {
        return err;
    }

    static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }
}
