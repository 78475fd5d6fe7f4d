package dev.stackctl.verify;

/**
 * One readiness check: proves one success criterion against a running stack, reading everything from
 * the engine and the network. It returns (never throws for a failed criterion) before the deadline.
 */
public interface Readiness {
    /** Stable id, e.g. {@code healthy}; used in reports and JUnit test names. */
    String id();

    /** The success criterion it proves, in words. */
    String criterion();

    CheckResult check(StackTarget target, Deadline deadline);
}
