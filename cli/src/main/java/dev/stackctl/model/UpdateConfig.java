package dev.stackctl.model;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code deploy.update_config} or {@code deploy.rollback_config}: how Swarm replaces a service's tasks.
 * Null fields are unset (Swarm's defaults: one at a time, no delay, stop-first, pause on failure).
 *
 * @param parallelism     tasks replaced at once (0: all)
 * @param delay           wait between two groups of tasks
 * @param failureAction   what to do when a new task fails
 * @param monitor         how long a new task is watched for failure after it started
 * @param maxFailureRatio the share of failed tasks tolerated (0 to 1)
 * @param order           whether the old task stops before the new one starts, or after it runs
 */
public record UpdateConfig(Integer parallelism, Duration delay, FailureAction failureAction, Duration monitor, Double maxFailureRatio,
                           Order order) {

    /** {@code failure_action}; {@link #ROLLBACK} only for update_config. */
    public enum FailureAction {
        CONTINUE, ROLLBACK, PAUSE;

        public String composeName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static FailureAction fromCompose(String s) {
            for (FailureAction a : values()) {
                if (a.composeName().equals(s)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a failure action; use continue, rollback or pause");
        }
    }

    /** {@code order}: stop the old task first, or start the new one first (no gap in service). */
    public enum Order {
        STOP_FIRST, START_FIRST;

        public String composeName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Order fromCompose(String s) {
            for (Order o : values()) {
                if (o.composeName().equals(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not an update order; use stop-first or start-first");
        }
    }

    public UpdateConfig {
        if (parallelism != null && parallelism < 0) {
            throw new IllegalArgumentException("parallelism must not be negative, got " + parallelism);
        }
        Durations.requireNonNegative(delay, "delay");
        Durations.requireNonNegative(monitor, "monitor");
        if (maxFailureRatio != null && (maxFailureRatio < 0 || maxFailureRatio > 1)) {
            throw new IllegalArgumentException("max_failure_ratio must be between 0 and 1, got " + maxFailureRatio);
        }
    }

    /** One task at a time, in {@code order}, watched for {@code monitor}, then {@code onFailure}. */
    public static UpdateConfig oneAtATime(Order order, Duration delay, Duration monitor, FailureAction onFailure) {
        return new UpdateConfig(1, delay, onFailure, monitor, null, order);
    }
}
