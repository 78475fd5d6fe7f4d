package dev.stackctl.lifecycle;

import com.github.dockerjava.api.model.Container;
import dev.stackctl.engine.ChangeSignal;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.model.Stack;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Follows compose bringing the stack up: prints each service's state changes (created, starting,
 * healthy, ...) with seconds since {@code start}, looking again on each engine state event, and starts
 * a service as soon as its dependencies are ready ({@link DependencyStarter}) rather than when compose
 * next polls them. Runs on its own thread; {@link #close()} stops it.
 */
public final class ProgressWatcher implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param earlyStart whether to start services on their dependencies' events (else compose alone does)
     * @param onPhase    hears every phase change (service, phase) it prints
     */
    public ProgressWatcher(java.util.concurrent.Future<DockerEngine> connecting, String project, Stack stack, Instant start, PrintWriter out,
                           boolean earlyStart, BiConsumer<String, String> onPhase) {
        ChangeSignal changed = new ChangeSignal();
        DependencyStarter starter = earlyStart ? new DependencyStarter(stack, start) : null;
        thread = Thread.ofVirtual().start(() -> {
            // look again on each container state event (no tight poll competing with the services
            // starting), and every second in case the event stream breaks
            DockerEngine engine;
            try {
                engine = connecting.get();
            } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                return; // no engine client: compose reports for itself
            }
            java.io.Closeable events = null;
            try {
                events = engine.followStateEvents(project, start.minusSeconds(1), e -> {
                    if (starter != null) {
                        starter.onEvent(e.getAction(), e.getTimeNano());
                    }
                    changed.signal();
                });
            } catch (RuntimeException e) {
                // progress is best effort (and without events nothing is started early)
            }
            try {
                Map<String, Integer> replicas = new HashMap<>();
                stack.services().forEach(s -> replicas.put(s.name(), s.deploy().replicaCount()));
                watch(engine, project, replicas, start, out, changed, starter, onPhase);
            } finally {
                if (events != null) {
                    try {
                        events.close();
                    } catch (java.io.IOException | RuntimeException e) {
                        // gone either way
                    }
                }
            }
        });
    }

    private void watch(DockerEngine engine, String project, Map<String, Integer> replicas, Instant start, PrintWriter out,
                       ChangeSignal changed, DependencyStarter starter, BiConsumer<String, String> onPhase) {
        Map<String, String> last = new HashMap<>();
        while (running) {
            try {
                List<DependencyStarter.Seen> seen = new ArrayList<>();
                Map<String, String> phases = new java.util.LinkedHashMap<>();
                Map<String, Integer> count = new HashMap<>();
                for (Container c : engine.projectContainers(project)) {
                    String svc = DockerEngine.serviceOf(c);
                    if (!replicas.containsKey(svc)) continue;
                    String status = c.getStatus() == null ? "" : c.getStatus();
                    String health = status.contains("(healthy)") ? "healthy" : status.contains("(unhealthy)") ? "unhealthy"
                            : status.contains("starting)") ? "starting" : "none";
                    seen.add(new DependencyStarter.Seen(c.getId(), svc, c.getState(), health, DependencyStarter.exitCodeOf(status)));
                    String phase = "created".equals(c.getState()) ? "created" : health.equals("none") ? c.getState() : health;
                    phases.put(svc, phase);
                    count.merge(svc, 1, Integer::sum);
                }
                // more containers than the service runs: compose is replacing an old one with a new one
                count.forEach((svc, n) -> {
                    if (n > replicas.getOrDefault(svc, 1)) {
                        phases.put(svc, "recreating");
                    }
                });
                phases.forEach((svc, phase) -> {
                    if (!phase.equals(last.put(svc, phase))) {
                        print(out, start, svc, phase);
                        onPhase.accept(svc, phase);
                    }
                });
                if (starter != null) {
                    for (DependencyStarter.Start s : starter.due(seen)) {
                        // on its own thread: starting takes a few hundred ms, progress goes on meanwhile
                        Thread.ofVirtual().start(() -> startEarly(engine, s, start, out));
                    }
                }
                changed.await(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // progress is best effort; the real checks report problems
            }
        }
    }

    private static void startEarly(DockerEngine engine, DependencyStarter.Start s, Instant start, PrintWriter out) {
        try {
            if (engine.start(s.containerId())) {
                print(out, start, s.service(), "started by stackctl (" + s.because() + ")");
            }
        } catch (RuntimeException e) {
            // compose starts it too, and reports its own error if starting cannot work
        }
    }

    private static void print(PrintWriter out, Instant start, String service, String what) {
        synchronized (out) {
            out.printf(Locale.ROOT, "  %6.1fs  %-12s %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, service, what);
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
