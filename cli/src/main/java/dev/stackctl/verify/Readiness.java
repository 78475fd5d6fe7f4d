package dev.stackctl.verify;

import dev.stackctl.model.StackDefinition;
import java.util.List;

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

    /**
     * The services this check needs healthy before it can run; by default all of the model's, so it
     * runs once the stack is healthy. A check that needs fewer (the data stores) starts while the rest
     * are still starting, which takes its time out of {@code up}.
     */
    default List<String> needsHealthy(StackDefinition definition) {
        return definition.stack().serviceNames();
    }

    /**
     * Services that need only to be running (their own health check may still be pending) before this
     * check runs; such a check retries until what it probes answers, within the deadline.
     */
    default List<String> needsRunning(StackDefinition definition) {
        return List.of();
    }
}
