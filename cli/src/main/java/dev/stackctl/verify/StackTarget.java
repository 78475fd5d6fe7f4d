package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.model.Service;
import dev.stackctl.model.Roles;
import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A running compose project as the checks see it: the model it should match, and the engine to read the
 * truth from. {@code reference} is when {@code up} started, the zero of the timeline.
 */
public final class StackTarget {
    private final DockerEngine engine;
    private final String project;
    private final StackDefinition definition;
    private final Instant reference;
    private final Map<String, Integer> scale;

    public StackTarget(DockerEngine engine, String project, StackDefinition definition, Instant reference) {
        this(engine, project, definition, reference, Map.of());
    }

    /** {@code scale}: replicas per service for this run where they differ from the model's (up --replicas). */
    public StackTarget(DockerEngine engine, String project, StackDefinition definition, Instant reference, Map<String, Integer> scale) {
        this.engine = engine;
        this.project = project;
        this.definition = definition;
        this.reference = reference;
        this.scale = Map.copyOf(scale);
    }

    /** How many containers {@code service} should run: the model's replicas, or this run's scale. */
    public int expectedReplicas(String service) {
        Integer n = scale.get(service);
        return n != null ? n : service(service).deploy().replicaCount();
    }

    public DockerEngine engine() {
        return engine;
    }

    public String project() {
        return project;
    }

    public Stack model() {
        return definition.stack();
    }

    public StackDefinition definition() {
        return definition;
    }

    /** What each service is for: where verification probes. */
    public Roles roles() {
        return definition.roles();
    }

    public Instant reference() {
        return reference;
    }

    /** Every container of the project, grouped by compose service (sorted by service name). */
    public Map<String, List<Container>> containersByService() {
        Map<String, List<Container>> out = new TreeMap<>();
        for (Container c : engine.projectContainers(project)) {
            out.computeIfAbsent(DockerEngine.serviceOf(c), k -> new java.util.ArrayList<>()).add(c);
        }
        return out;
    }

    /** The (first) container of a service, freshly inspected; empty when it does not exist. */
    public Optional<InspectContainerResponse> inspect(String service) {
        List<Container> cs = containersByService().get(service);
        if (cs == null || cs.isEmpty()) {
            return Optional.empty();
        }
        return engine.tryInspect(cs.get(0).getId());
    }

    /**
     * One container per service, inspected, from one listing of the project: what a polling check reads
     * once per round instead of listing the project again for each service. With replicas, the one
     * furthest from ready (not running, then not healthy), so a service counts as healthy only when
     * every replica is.
     */
    public Map<String, InspectContainerResponse> inspectAll() {
        Map<String, InspectContainerResponse> out = new TreeMap<>();
        containersByService().forEach((service, cs) -> {
            InspectContainerResponse chosen = null;
            for (Container c : cs) {
                InspectContainerResponse i = engine.tryInspect(c.getId()).orElse(null);
                if (i != null && (chosen == null || readiness(i) < readiness(chosen))) {
                    chosen = i;
                }
            }
            if (chosen != null) {
                out.put(service, chosen);
            }
        });
        return out;
    }

    /** 0 not running, 1 running and not healthy, 2 healthy (or running without a health check). */
    private static int readiness(InspectContainerResponse i) {
        var st = i.getState();
        if (st == null || !Boolean.TRUE.equals(st.getRunning())) {
            return 0;
        }
        return st.getHealth() == null || "healthy".equals(st.getHealth().getStatus()) ? 2 : 1;
    }

    /** The host port the engine actually published for a container port of a service. */
    public Optional<Integer> hostPort(String service, int containerPort) {
        return inspect(service).flatMap(i -> {
            Map<ExposedPort, Ports.Binding[]> bindings = i.getNetworkSettings().getPorts().getBindings();
            Ports.Binding[] b = bindings.get(ExposedPort.tcp(containerPort));
            if (b == null || b.length == 0 || b[0].getHostPortSpec() == null) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(b[0].getHostPortSpec()));
        });
    }

    /** The environment the engine gave a service's container. */
    public Map<String, String> env(String service) {
        return inspect(service).map(StackTarget::env).orElse(Map.of());
    }

    /** The environment of an inspected container. */
    public static Map<String, String> env(InspectContainerResponse i) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] env = i.getConfig() == null ? null : i.getConfig().getEnv();
        if (env != null) {
            for (String kv : env) {
                int eq = kv.indexOf('=');
                if (eq > 0) out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }

    public Service service(String name) {
        return definition.stack().service(name).orElseThrow(() -> new IllegalArgumentException("the model has no service '" + name + "'"));
    }

    public double secondsSinceReference(Instant t) {
        return (t.toEpochMilli() - reference.toEpochMilli()) / 1000.0;
    }
}
