package dev.stackctl.command;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.model.MemorySize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl status}: one row per service, read from the engine. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each service of the running stack: state, health, uptime, memory used vs limit, restarts, published ports.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.text;

    /** Compose's number of a replica (its container-number label), 0 when absent. */
    static int replicaNumber(Container c) {
        try {
            return Integer.parseInt(c.getLabels() == null ? "0" : c.getLabels().getOrDefault("com.docker.compose.container-number", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (project.swarm()) {
            return new dev.stackctl.lifecycle.SwarmRun(dev.stackctl.model.ProjectLayout.locate(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                    project.clusterConnection())
                    .status(project.stackName());
        }
        try (DockerEngine engine = DockerEngine.connect()) {
            // one row per container: a service with replicas shows each (api.1, api.2, ...)
            Map<String, List<Container>> services = new TreeMap<>();
            for (Container c : engine.projectContainers(project.name())) {
                services.computeIfAbsent(DockerEngine.serviceOf(c), k -> new ArrayList<>()).add(c);
            }
            Map<String, Container> byService = new java.util.LinkedHashMap<>();
            services.forEach((service, cs) -> {
                if (cs.size() == 1) {
                    byService.put(service, cs.get(0));
                    return;
                }
                cs.sort(java.util.Comparator.comparingInt(StatusCommand::replicaNumber));
                cs.forEach(c -> byService.put(service + "." + replicaNumber(c), c));
            });
            var out = spec.commandLine().getOut();
            if (byService.isEmpty()) {
                out.println("project " + project.name() + " has no containers (start it with ./stackctl up)");
                return 0;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map.Entry<String, Container> e : byService.entrySet()) {
                rows.add(row(engine, e.getKey(), e.getValue()));
            }
            if (output == OutputFormat.json) {
                out.println(Json.write(rows));
                return 0;
            }
            String fmt = "%-14s %-9s %-9s %8s %19s %8s  %s%n";
            out.printf(fmt, "SERVICE", "STATE", "HEALTH", "UPTIME", "MEMORY/LIMIT", "RESTARTS", "PORTS");
            for (Map<String, Object> r : rows) {
                out.printf(fmt, r.get("service"), r.get("state"), r.get("health"), r.get("uptime"), r.get("memory"), r.get("restarts"), r.get("ports"));
            }
            return 0;
        }
    }

    private static Map<String, Object> row(DockerEngine engine, String service, Container c) {
        InspectContainerResponse i = engine.inspect(c.getId());
        var st = i.getState();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service", service);
        r.put("state", st.getStatus());
        r.put("health", st.getHealth() == null ? "-" : st.getHealth().getStatus());
        r.put("uptime", Boolean.TRUE.equals(st.getRunning()) ? human(Duration.between(Instant.parse(st.getStartedAt()), Instant.now())) : "-");
        long limit = i.getHostConfig().getMemory() == null ? 0 : i.getHostConfig().getMemory();
        Optional<Long> used = Boolean.TRUE.equals(st.getRunning())
                ? engine.stats(c.getId()).map(s -> s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null ? null : s.getMemoryStats().getUsage())
                : Optional.empty();
        r.put("memory", used.map(StatusCommand::mib).orElse("-") + " / " + (limit > 0 ? new MemorySize(limit).toString() : "none"));
        r.put("restarts", i.getRestartCount());
        List<String> ports = new ArrayList<>();
        for (ContainerPort p : c.getPorts()) {
            if (p.getPublicPort() != null) ports.add(p.getIp() + ":" + p.getPublicPort() + "->" + p.getPrivatePort());
        }
        r.put("ports", ports.isEmpty() ? "-" : String.join(", ", ports.stream().distinct().toList()));
        return r;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1fMiB", bytes / 1048576.0);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
}
