package dev.stackctl.verify;

import java.time.Duration;

/**
 * The outcome of one readiness check.
 *
 * @param evidence what was read from the engine or the network that proves the result
 * @param service the service a failure is about, for diagnostics; null when not about one service
 */
public record CheckResult(String id, String criterion, Status status, String evidence, Duration elapsed, String service) {

    /** Passed, failed, or not run because an earlier check made it pointless. */
    public enum Status { PASSED, FAILED, SKIPPED }

    public static CheckResult passed(Readiness check, String evidence, Duration elapsed) {
        return new CheckResult(check.id(), check.criterion(), Status.PASSED, evidence, elapsed, null);
    }

    public static CheckResult failed(Readiness check, String evidence, Duration elapsed, String service) {
        return new CheckResult(check.id(), check.criterion(), Status.FAILED, evidence, elapsed, service);
    }

    public static CheckResult skipped(Readiness check, String why) {
        return new CheckResult(check.id(), check.criterion(), Status.SKIPPED, why, Duration.ZERO, null);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
