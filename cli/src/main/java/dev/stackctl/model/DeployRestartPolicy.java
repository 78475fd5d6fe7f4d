package dev.stackctl.model;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code deploy.restart_policy}: how the orchestrator (Swarm) restarts a service's tasks. Swarm ignores
 * the service-level {@code restart:} key, so a stack for Swarm needs this instead. Null fields are unset.
 *
 * @param delay       wait between restart attempts
 * @param maxAttempts attempts before giving up (unset: forever)
 * @param window      how long a restarted task must run to count as a success
 */
public record DeployRestartPolicy(Condition condition, Duration delay, Integer maxAttempts, Duration window) {

    /** When to restart: never, after a non-zero exit, or whenever a task stops. */
    public enum Condition {
        NONE, ON_FAILURE, ANY;

        public String composeName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Condition fromCompose(String s) {
            for (Condition c : values()) {
                if (c.composeName().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a restart condition; use none, on-failure or any");
        }
    }

    public DeployRestartPolicy {
        if (condition == null) {
            throw new IllegalArgumentException("restart_policy needs a condition (none, on-failure or any)");
        }
        Durations.requireNonNegative(delay, "restart_policy.delay");
        Durations.requireNonNegative(window, "restart_policy.window");
        if (maxAttempts != null && maxAttempts < 0) {
            throw new IllegalArgumentException("restart_policy.max_attempts must not be negative, got " + maxAttempts);
        }
    }

    /** Restart whenever a task stops, after {@code delay}: what {@code restart: unless-stopped} means on one host. */
    public static DeployRestartPolicy any(Duration delay) {
        return new DeployRestartPolicy(Condition.ANY, delay, null, null);
    }
}
