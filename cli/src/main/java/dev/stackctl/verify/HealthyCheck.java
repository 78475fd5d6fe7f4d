package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.HealthStateLog;
import dev.stackctl.engine.ChangeSignal;
import dev.stackctl.model.RestartPolicy;
import dev.stackctl.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Criterion 2: every service reports Docker health {@code healthy} before the deadline. A container that
 * exited and whose restart policy will not bring it back fails at once; one that is unhealthy or
 * restarting is given until the deadline, since it may still recover.
 */
public final class HealthyCheck implements Readiness {
    private final Map<String, ServiceTimeline> timeline = new LinkedHashMap<>();
    private final HealthGate gate;

    private final java.util.function.BooleanSupplier settled;
    private volatile boolean stopped;

    /**
     * @param gate    learns each service the poll sees running and healthy, for checks that need only some
     * @param settled false while {@code compose up} is still running: until then only containers created
     *                after the timeline's reference count, not ones compose may be about to replace
     */
    public HealthyCheck(HealthGate gate, java.util.function.BooleanSupplier settled) {
        this.gate = gate;
        this.settled = settled;
    }

    private final ChangeSignal changed = new ChangeSignal();

    /** Ends the poll at once (another check found the stack unfit to wait for). */
    public void stop() {
        stopped = true;
        changed.signal();
    }

    /** Makes the poll look again now (e.g. compose returned, so older containers count). */
    public void wake() {
        changed.signal();
    }

    @Override
    public String id() {
        return "healthy";
    }

    @Override
    public String criterion() {
        return "all services report healthy within the deadline";
    }

    /**
     * The poll looks again whenever the engine reports a container state event (created, started, died,
     * health status changed), so a healthy stack is seen within milliseconds without the CPU cost of a
     * tight poll while the backend starts; and at least this often in case the event stream breaks.
     */
    static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

    /** What was observed per service, in model order; filled by {@link #check}. */
    public List<ServiceTimeline> timeline() {
        return List.copyOf(timeline.values());
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        try {
            return poll(target, deadline);
        } finally {
            gate.finish();
        }
    }

    private CheckResult poll(StackTarget target, Deadline deadline) {
        java.io.Closeable events = null;
        try {
            events = target.engine().followStateEvents(target.project(), target.reference().minusSeconds(1), e -> changed.signal());
        } catch (RuntimeException e) {
            // no event stream: the fallback poll still sees everything, only later
        }
        try {
            return look(target, deadline);
        } finally {
            if (events != null) {
                try {
                    events.close();
                } catch (java.io.IOException | RuntimeException e) {
                    // the stream is gone either way
                }
            }
        }
    }

    private CheckResult look(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        Map<String, Instant> healthySince = new LinkedHashMap<>();
        while (true) {
            List<String> waiting = new ArrayList<>();
            Map<String, InspectContainerResponse> containers = target.inspectAll();
            for (Service s : target.model().services()) {
                InspectContainerResponse i = containers.get(s.name());
                if (i == null) {
                    waiting.add(s.name() + ": no container");
                    continue;
                }
                var st = i.getState();
                String health = st.getHealth() == null ? "none" : st.getHealth().getStatus();
                Instant created = Instant.parse(i.getCreated());
                if (!settled.getAsBoolean() && created.isBefore(target.reference())) {
                    waiting.add(s.name() + ": older than this up (compose may replace it)");
                    continue;
                }
                Instant started = st.getStartedAt() == null || st.getStartedAt().startsWith("0001") ? null : Instant.parse(st.getStartedAt());
                if (Boolean.TRUE.equals(st.getRunning())) {
                    gate.publishRunning(List.of(s.name()));
                }
                if ("healthy".equals(health) && Boolean.TRUE.equals(st.getRunning())) {
                    healthySince.putIfAbsent(s.name(), Instant.now());
                } else {
                    healthySince.remove(s.name());
                    waiting.add(s.name() + ": " + st.getStatus() + "/" + health);
                }
                timeline.put(s.name(), new ServiceTimeline(s.name(), created, started, healthySince.get(s.name()),
                        st.getStatus(), health, i.getRestartCount() == null ? 0 : i.getRestartCount()));
                if (exitedForGood(s, st.getStatus(), st.getExitCodeLong())) {
                    return CheckResult.failed(this, s.name() + " exited with code " + st.getExitCodeLong()
                            + " and its restart policy (" + s.restart() + ") will not restart it" + lastProbe(i), Duration.between(start, Instant.now()), s.name());
                }
            }
            gate.publish(healthySince.keySet());
            if (waiting.isEmpty()) {
                refineFromEvents(target);
                List<String> parts = new ArrayList<>();
                timeline.values().forEach(t -> parts.add(t.service() + " healthy at +" + fmt(target.secondsSinceReference(t.healthy())) + "s"));
                return CheckResult.passed(this, String.join(", ", parts), Duration.between(start, Instant.now()));
            }
            if (stopped) {
                return CheckResult.skipped(this, "not run: stopped");
            }
            if (!waitForChange(deadline)) {
                String first = waiting.get(0).substring(0, waiting.get(0).indexOf(':'));
                String probe = target.inspect(first).map(HealthyCheck::lastProbe).orElse("");
                return CheckResult.failed(this, "not healthy before the deadline: " + String.join(", ", waiting) + probe,
                        Duration.between(start, Instant.now()), first);
            }
        }
    }

    /**
     * Polling sees "healthy" up to one poll late, and not at all for services that were healthy before
     * verify started: take the engine's own {@code health_status: healthy} event time when there is one.
     */
    private void refineFromEvents(StackTarget target) {
        Map<String, List<Instant>> healthyAt = new LinkedHashMap<>();
        for (var e : target.engine().events(target.project(), target.reference().minusSeconds(2), Instant.now())) {
            if ("health_status: healthy".equals(e.getAction()) && e.getActor() != null && e.getActor().getAttributes() != null) {
                String svc = e.getActor().getAttributes().get(dev.stackctl.engine.DockerEngine.SERVICE_LABEL);
                Instant at = e.getTimeNano() != null ? Instant.ofEpochSecond(0, e.getTimeNano()) : Instant.ofEpochSecond(e.getTime());
                if (svc != null) healthyAt.computeIfAbsent(svc, k -> new ArrayList<>()).add(at);
            }
        }
        timeline.replaceAll((svc, t) -> healthyAt.getOrDefault(svc, List.of()).stream()
                .filter(at -> t.started() == null || !at.isBefore(t.started()))
                .min(Instant::compareTo)
                .map(at -> new ServiceTimeline(t.service(), t.created(), t.started(), at, t.state(), t.health(), t.restarts()))
                .orElse(t));
    }

    /** Until the next state event (or the fallback interval); false when the deadline has passed. */
    private boolean waitForChange(Deadline deadline) {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            return false;
        }
        try {
            changed.await(left.compareTo(FALLBACK_POLL) < 0 ? left : FALLBACK_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !deadline.expired();
    }

    private static boolean exitedForGood(Service s, String status, Long exitCode) {
        if (!"exited".equals(status) && !"dead".equals(status)) {
            return false;
        }
        RestartPolicy r = s.restart();
        if (r == null || r.kind() == RestartPolicy.Kind.NO) {
            return true;
        }
        return r.kind() == RestartPolicy.Kind.ON_FAILURE && exitCode != null && exitCode == 0;
    }

    /** The output of the last health probe, which usually says why a check fails. */
    static String lastProbe(InspectContainerResponse i) {
        var h = i.getState().getHealth();
        if (h == null || h.getLog() == null || h.getLog().isEmpty()) {
            return "";
        }
        HealthStateLog last = h.getLog().get(h.getLog().size() - 1);
        String out = last.getOutput() == null ? "" : last.getOutput().strip();
        return "; last health probe exit " + last.getExitCodeLong() + (out.isEmpty() ? "" : ": " + out.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse(""));
    }

    static String fmt(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.1f", seconds);
    }
}
