package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * SIGKILL of a service's main process from the host, by PID, as a crash would be ({@code docker kill}
 * would count as a manual stop and disable the restart policy), and the wait for the engine to
 * restart it and for its health check to pass again.
 */
final class ServiceKill {
    private ServiceKill() {}

    /** What happened: {@code failure} is null when the service came back; its text starts with the service name. */
    record Outage(String service, long pid, Instant killed, Instant healthy, String detail, String failure) {
        boolean recovered() {
            return failure == null;
        }

        Duration toHealthy() {
            return Duration.between(killed, healthy);
        }

        /** "redis: SIGKILL pid 1, restarted by the engine (...), healthy again after 1.2 s" */
        String describe() {
            return service + ": SIGKILL pid " + pid + ", " + detail + ", healthy again after "
                    + String.format(Locale.ROOT, "%.1f", toHealthy().toMillis() / 1000.0) + " s";
        }
    }

    /** Kills {@code service}'s main process and waits up to {@code recovery} for it to be healthy again; {@code beforeKill} runs last before the signal. */
    static Outage killAndAwait(StackTarget target, String service, Duration recovery, Runnable beforeKill) throws InterruptedException {
        InspectContainerResponse first = target.inspect(service).orElse(null);
        if (first == null) {
            return failed(service, 0, service + " has no running process to kill");
        }
        return killAndAwait(target, service, first.getId(), recovery, beforeKill);
    }

    /** The same for one container of {@code service} (a replica), named in the report by its host name. */
    static Outage killAndAwait(StackTarget target, String service, String containerId, Duration recovery, Runnable beforeKill)
            throws InterruptedException {
        InspectContainerResponse before = target.engine().tryInspect(containerId).orElse(null);
        if (before == null || before.getState().getPid() == null || before.getState().getPid() <= 0) {
            return failed(service, 0, service + " has no running process to kill");
        }
        long pid = before.getState().getPid();
        int restarts = before.getRestartCount() == null ? 0 : before.getRestartCount();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return failed(service, pid, service + ": process " + pid + " is not visible from here; --chaos needs the engine on this host and root");
        }
        beforeKill.run();
        Instant killed = Instant.now();
        if (!process.get().destroyForcibly()) {
            return failed(service, pid, service + ": could not send SIGKILL to process " + pid);
        }
        Deadline d = Deadline.in(recovery);
        String last = "";
        do {
            InspectContainerResponse now = target.engine().tryInspect(containerId).orElse(null);
            if (now != null) {
                int r = now.getRestartCount() == null ? 0 : now.getRestartCount();
                String health = now.getState().getHealth() == null ? "none" : now.getState().getHealth().getStatus();
                last = now.getState().getStatus() + "/" + health + ", restarts " + r;
                if (r > restarts && Boolean.TRUE.equals(now.getState().getRunning()) && "healthy".equals(health)) {
                    return new Outage(service, pid, killed, Instant.now(), "restarted by the engine (restart count " + restarts + " -> " + r
                            + ", new pid " + now.getState().getPid() + ")", null);
                }
            }
        } while (d.pause(Duration.ofMillis(200)));
        return new Outage(service, pid, killed, Instant.now(), last,
                service + " did not return to healthy within " + recovery.toSeconds() + " s after SIGKILL (" + last + ")");
    }

    private static Outage failed(String service, long pid, String failure) {
        Instant now = Instant.now();
        return new Outage(service, pid, now, now, "", failure);
    }
}
