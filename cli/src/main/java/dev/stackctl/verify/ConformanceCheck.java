package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.stackctl.model.Service;
import dev.stackctl.model.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Criterion 7: memory limits, restart policies, networks and volumes of the running containers are the
 * model's, read back from the engine.
 */
public final class ConformanceCheck implements Readiness {
    @Override
    public String id() {
        return "matches-model";
    }

    @Override
    public String criterion() {
        return "limits, restart policies, networks and volumes in the containers equal the model";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        String firstBad = null;
        Map<String, InspectContainerResponse> containers = target.inspectAll();
        for (Service s : target.model().services()) {
            InspectContainerResponse i = containers.get(s.name());
            if (i == null) {
                problems.add(s.name() + ": no container");
                firstBad = firstBad == null ? s.name() : firstBad;
                continue;
            }
            List<String> mine = compare(target.project(), s, i);
            if (!mine.isEmpty()) {
                problems.addAll(mine);
                firstBad = firstBad == null ? s.name() : firstBad;
            }
            HostConfig hc = i.getHostConfig();
            evidence.add(s.name() + ": memory " + hc.getMemory() + " B, restart " + hc.getRestartPolicy() + ", networks "
                    + i.getNetworkSettings().getNetworks().keySet() + ", mounts " + i.getMounts().stream()
                    .map(m -> (m.getName() != null ? m.getName() : m.getSource()) + "->" + m.getDestination().getPath() + (Boolean.FALSE.equals(m.getRW()) ? ":ro" : "")).toList());
        }
        Duration took = Duration.between(start, Instant.now());
        return problems.isEmpty() ? CheckResult.passed(this, String.join("; ", evidence), took)
                : CheckResult.failed(this, String.join("; ", problems), took, firstBad);
    }

    static List<String> compare(String project, Service s, InspectContainerResponse i) {
        List<String> problems = new ArrayList<>();
        HostConfig hc = i.getHostConfig();
        if (s.deploy().resources() != null && s.deploy().resources().memoryLimit() != null) {
            long want = s.deploy().resources().memoryLimit().bytes();
            if (!Objects.equals(hc.getMemory(), want)) {
                problems.add(s.name() + ": memory limit " + hc.getMemory() + " B, model " + want + " B (" + s.deploy().resources().memoryLimit() + ")");
            }
        }
        if (s.restart() != null) {
            String actual = hc.getRestartPolicy() == null ? "" : hc.getRestartPolicy().toString();
            if (!actual.equals(s.restart().toString()) && !(actual.isEmpty() && s.restart().toString().equals("no"))) {
                problems.add(s.name() + ": restart policy '" + actual + "', model '" + s.restart() + "'");
            }
        }
        Map<String, ?> nets = i.getNetworkSettings().getNetworks();
        for (String n : s.networks()) {
            if (!nets.containsKey(project + "_" + n)) {
                problems.add(s.name() + ": not on network " + project + "_" + n + " (on " + nets.keySet() + ")");
            }
        }
        for (VolumeMount v : s.volumes()) {
            boolean found = i.getMounts().stream().anyMatch(m -> m.getDestination() != null && m.getDestination().getPath().equals(v.target())
                    && (v.type() != VolumeMount.Type.VOLUME || (project + "_" + v.source()).equals(m.getName()))
                    && (!v.readOnly() || Boolean.FALSE.equals(m.getRW())));
            if (!found) {
                problems.add(s.name() + ": no " + v.type().composeName() + " mount " + v.source() + " at " + v.target() + (v.readOnly() ? " (read-only)" : ""));
            }
        }
        return problems;
    }
}
