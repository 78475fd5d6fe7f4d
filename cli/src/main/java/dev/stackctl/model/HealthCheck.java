package dev.stackctl.model;

import java.time.Duration;
import java.util.List;

/**
 * A container health check. Null timing fields mean "unset" (the engine's default applies), which is kept
 * distinct from any explicit value. A null test keeps the image's own check (its {@code HEALTHCHECK}) and
 * changes only the timing.
 */
public record HealthCheck(Test test, Duration interval, Duration timeout, Integer retries, Duration startPeriod, Duration startInterval) {

    /** The check's command: exec form, shell form, or explicitly none (disabled). */
    public sealed interface Test permits Exec, Shell, None {}

    /** {@code ["CMD", arg...]}: runs without a shell; {@code command().get(0)} is the tool. */
    public record Exec(List<String> command) implements Test {
        public Exec {
            command = List.copyOf(command);
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("healthcheck test in exec form needs a command");
            }
        }
    }

    /** {@code ["CMD-SHELL", "..."]}: runs with /bin/sh -c. */
    public record Shell(String command) implements Test {
        public Shell {
            Names.requireNonBlank(command, "healthcheck shell command");
        }
    }

    /** {@code ["NONE"]} or {@code disable: true}. */
    public record None() implements Test {}

    public HealthCheck {
        Durations.requirePositive(interval, "healthcheck interval");
        Durations.requirePositive(timeout, "healthcheck timeout");
        Durations.requirePositive(startInterval, "healthcheck start_interval");
        if (startPeriod != null && startPeriod.isNegative()) {
            throw new IllegalArgumentException("healthcheck start_period must not be negative");
        }
        if (retries != null && retries < 1) {
            throw new IllegalArgumentException("healthcheck retries must be at least 1, got " + retries);
        }
    }

    public static HealthCheck disabled() {
        return new HealthCheck(new None(), null, null, null, null, null);
    }

    public boolean isDisabled() {
        return test instanceof None;
    }

    public HealthCheck withInterval(Duration d) {
        return new HealthCheck(test, d, timeout, retries, startPeriod, startInterval);
    }

    public HealthCheck withRetries(Integer r) {
        return new HealthCheck(test, interval, timeout, r, startPeriod, startInterval);
    }

    public HealthCheck withStartPeriod(Duration d) {
        return new HealthCheck(test, interval, timeout, retries, d, startInterval);
    }

    public HealthCheck withStartInterval(Duration d) {
        return new HealthCheck(test, interval, timeout, retries, startPeriod, d);
    }

    /** Docker's defaults for unset fields: 30 s interval, 30 s timeout, 3 retries, 0 s start period, 5 s start interval. */
    public Duration effectiveInterval() {
        return interval == null ? Duration.ofSeconds(30) : interval;
    }

    public Duration effectiveTimeout() {
        return timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    public int effectiveRetries() {
        return retries == null ? 3 : retries;
    }

    public Duration effectiveStartPeriod() {
        return startPeriod == null ? Duration.ZERO : startPeriod;
    }

    public Duration effectiveStartInterval() {
        return startInterval == null ? Duration.ofSeconds(5) : startInterval;
    }
}
