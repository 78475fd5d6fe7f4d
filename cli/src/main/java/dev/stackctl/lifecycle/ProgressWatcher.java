package dev.stackctl.lifecycle;

import com.github.dockerjava.api.model.Container;
import dev.stackctl.engine.ChangeSignal;
import dev.stackctl.engine.DockerEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints each service's state changes (created, starting, healthy, ...) with seconds since {@code start}
 * while compose brings the stack up, looking again on each engine state event. Runs on its own thread;
 * {@link #close()} stops it.
 */
public final class ProgressWatcher implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code onPhase} hears every phase change (service, phase) it prints. */
    public ProgressWatcher(java.util.concurrent.Future<DockerEngine> connecting, String project, List<String> services, Instant start, PrintWriter out,
                           java.util.function.BiConsumer<String, String> onPhase) {
        Map<String, String> last = new HashMap<>();
        ChangeSignal changed = new ChangeSignal();
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
                events = engine.followStateEvents(project, start.minusSeconds(1), e -> changed.signal());
            } catch (RuntimeException e) {
                // progress is best effort
            }
            try {
                watch(engine, project, services, start, out, last, changed, onPhase);
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

    private void watch(DockerEngine engine, String project, List<String> services, Instant start, PrintWriter out,
                       Map<String, String> last, ChangeSignal changed, java.util.function.BiConsumer<String, String> onPhase) {
        while (running) {
            try {
                for (Container c : engine.projectContainers(project)) {
                    String svc = DockerEngine.serviceOf(c);
                    if (!services.contains(svc)) continue;
                    String status = c.getStatus() == null ? "" : c.getStatus();
                    String phase = "created".equals(c.getState()) ? "created"
                            : status.contains("(healthy)") ? "healthy"
                            : status.contains("(unhealthy)") ? "unhealthy"
                            : status.contains("starting") ? "starting"
                            : c.getState();
                    if (!phase.equals(last.put(svc, phase))) {
                        out.printf(Locale.ROOT, "  %6.1fs  %-12s %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, svc, phase);
                        out.flush();
                        onPhase.accept(svc, phase);
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
