package dev.stackctl.verify;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the health poll has seen so far, for checks that can start before the whole stack is healthy:
 * a check waits for the services it needs (e.g. the data stores) instead of for all four. The poll
 * {@link #publish publishes} each service it sees healthy and {@link #finish finishes} when it ends,
 * which releases every waiter, healthy or not.
 */
public final class HealthGate {
    private final Set<String> seenHealthy = new HashSet<>();
    private final Set<String> seenRunning = new HashSet<>();
    private boolean finished;

    /** The poll saw these services' containers running (healthy or not yet). */
    public synchronized void publishRunning(Collection<String> services) {
        if (seenRunning.addAll(services)) {
            notifyAll();
        }
    }

    /** The poll saw these services healthy (running and Docker health {@code healthy}). */
    public synchronized void publish(Collection<String> services) {
        if (seenHealthy.addAll(services)) {
            notifyAll();
        }
    }

    /** The poll ended (passed or failed): nothing more will be published. */
    public synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /**
     * Waits until every one of {@code services} has been seen healthy; false when the poll finished
     * without seeing them, the deadline passed, or the thread was interrupted.
     */
    public synchronized boolean await(Collection<String> services, Deadline deadline) {
        return await(services, Set.of(), deadline);
    }

    /** As {@link #await(Collection, Deadline)}, and also every one of {@code running} seen running. */
    public synchronized boolean await(Collection<String> healthy, Collection<String> running, Deadline deadline) {
        while (!seenHealthy.containsAll(healthy) || !seenRunning.containsAll(running)) {
            Duration left = deadline.remaining();
            if (finished || left.isZero()) {
                return false;
            }
            try {
                wait(Math.max(1, left.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Of {@code services}, those not seen healthy (in their order); for "not run because ..." reasons. */
    public synchronized List<String> missing(List<String> services) {
        return services.stream().filter(s -> !seenHealthy.contains(s)).toList();
    }

    /** Of {@code services}, those never seen running (in their order). */
    public synchronized List<String> notRunning(List<String> services) {
        return services.stream().filter(s -> !seenRunning.contains(s)).toList();
    }
}
