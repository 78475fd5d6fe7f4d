package dev.stackctl.lifecycle;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which containers to start the moment their dependencies are ready, instead of when compose
 * next looks. compose checks a {@code depends_on} condition every 0.5 s (its first look 0.5 s after it
 * begins waiting), so each dependency step of a start costs up to half a second of nobody doing
 * anything; stackctl follows the engine's events and sees the change within milliseconds.
 *
 * <p>The rule is compose's own, applied earlier: a service is started when every container of each of
 * its dependencies meets the condition ({@code service_healthy}: running and healthy;
 * {@code service_started}: running; {@code service_completed_successfully}: exited with code 0).
 * compose then finds the container running, which the engine answers as "not modified", and carries on.
 * To never start a container compose is still preparing, a service is only started when
 * <ul>
 *   <li>compose has begun starting containers in this {@code up} (an engine {@code start} event since
 *       it began) and every service has a container: compose creates every container before it starts
 *       any, so none is half-made;</li>
 *   <li>it has exactly one container, in state {@code created} (while compose replaces a container the
 *       old and the new one exist side by side; that, and services scaled to several replicas, are
 *       left to compose);</li>
 *   <li>its dependencies are listed (a service without any is started by compose at once anyway).</li>
 * </ul>
 * Each container is tried once. {@link #onEvent} may be called from the engine client's thread;
 * {@link #due} only from one thread (the progress watcher's).
 */
final class DependencyStarter {
    /** One container as the engine lists it: its state ({@code created}, {@code running}, ...) and health. */
    record Seen(String id, String service, String state, String health, Integer exitCode) {}

    private final Stack stack;
    private final long upStartNanos;
    private final Set<String> tried = new HashSet<>();
    private volatile boolean composeStarting;

    DependencyStarter(Stack stack, Instant upStart) {
        this.stack = stack;
        this.upStartNanos = upStart.getEpochSecond() * 1_000_000_000L + upStart.getNano();
    }

    /** An engine event of the project: a {@code start} at or after compose up began opens the start phase. */
    void onEvent(String action, Long timeNano) {
        if ("start".equals(action) && timeNano != null && timeNano >= upStartNanos) {
            composeStarting = true;
        }
    }

    /** The containers to start now (each at most once over this starter's life), with why. */
    List<Start> due(List<Seen> containers) {
        List<Start> due = new ArrayList<>();
        Map<String, List<Seen>> byService = containers.stream().collect(Collectors.groupingBy(Seen::service));
        if (!composeStarting || !everyServiceHasAContainer(byService)) {
            return due;
        }
        for (Service s : stack.services()) {
            if (s.dependsOn().isEmpty()) {
                continue;
            }
            List<Seen> own = byService.getOrDefault(s.name(), List.of());
            if (own.size() != 1 || !"created".equals(own.get(0).state()) || tried.contains(own.get(0).id())) {
                continue;
            }
            List<String> met = new ArrayList<>();
            for (Dependency d : s.dependsOn()) {
                List<Seen> deps = byService.getOrDefault(d.service(), List.of());
                if (deps.isEmpty() || !deps.stream().allMatch(c -> meets(c, d.condition()))) {
                    met = null;
                    break;
                }
                met.add(d.service() + " " + describe(d.condition()));
            }
            if (met != null) {
                tried.add(own.get(0).id());
                due.add(new Start(s.name(), own.get(0).id(), String.join(", ", met)));
            }
        }
        return due;
    }

    /** compose has created (at least begun to create) a container for every service it will run. */
    private boolean everyServiceHasAContainer(Map<String, List<Seen>> byService) {
        return stack.services().stream()
                .filter(s -> s.deploy().replicas() == null || s.deploy().replicas() > 0)
                .allMatch(s -> byService.containsKey(s.name()));
    }

    /** A container to start: its service, id, and the conditions that were met. */
    record Start(String service, String containerId, String because) {}

    static boolean meets(Seen c, Dependency.Condition condition) {
        return switch (condition) {
            case SERVICE_HEALTHY -> "running".equals(c.state()) && "healthy".equals(c.health());
            case SERVICE_STARTED -> "running".equals(c.state());
            case SERVICE_COMPLETED_SUCCESSFULLY -> "exited".equals(c.state()) && Integer.valueOf(0).equals(c.exitCode());
        };
    }

    private static String describe(Dependency.Condition condition) {
        return switch (condition) {
            case SERVICE_HEALTHY -> "healthy";
            case SERVICE_STARTED -> "started";
            case SERVICE_COMPLETED_SUCCESSFULLY -> "completed";
        };
    }

    /** The exit code in a list entry's status ("Exited (0) 2 seconds ago"), or null. */
    static Integer exitCodeOf(String status) {
        if (status == null || !status.startsWith("Exited (")) {
            return null;
        }
        int end = status.indexOf(')');
        try {
            return end < 0 ? null : Integer.valueOf(status.substring("Exited (".length(), end));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
