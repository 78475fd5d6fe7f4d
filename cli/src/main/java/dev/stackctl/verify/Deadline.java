package dev.stackctl.verify;

import java.time.Duration;
import java.time.Instant;

/** One overall deadline shared by every check of a run; a child check never outlives it. */
public record Deadline(Instant end) {

    public static Deadline in(Duration d) {
        return new Deadline(Instant.now().plus(d));
    }

    public Duration remaining() {
        Duration r = Duration.between(Instant.now(), end);
        return r.isNegative() ? Duration.ZERO : r;
    }

    public boolean expired() {
        return !Instant.now().isBefore(end);
    }

    /** The earlier of this deadline and {@code d} from now. */
    public Deadline within(Duration d) {
        Instant other = Instant.now().plus(d);
        return other.isBefore(end) ? new Deadline(other) : this;
    }

    /** Sleeps up to {@code pause}, never past the deadline; false when the deadline has passed. */
    public boolean pause(Duration pause) {
        Duration r = remaining();
        if (r.isZero()) {
            return false;
        }
        try {
            Thread.sleep(Math.min(pause.toMillis(), r.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !expired();
    }
}
