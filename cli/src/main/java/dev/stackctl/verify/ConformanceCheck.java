package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Ulimit;
import dev.stackctl.model.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Criterion 7: memory limits, restart policies, networks and volumes of the running containers are the
 * model's, read back from the engine; so are the hardening settings (user, capabilities, read-only root,
 * process limit, no-new-privileges, ulimits).
 */
public final class ConformanceCheck implements Readiness {
    @Override
    public String id() {
        return "matches-model";
    }

    @Override
    public String criterion() {
        return "limits, restart policies, networks, volumes, users and privileges in the containers equal the model";
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
                    .map(m -> (m.getName() != null ? m.getName() : m.getSource()) + "->" + m.getDestination().getPath() + (Boolean.FALSE.equals(m.getRW()) ? ":ro" : "")).toList()
                    + ", " + securitySummary(i));
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
        problems.addAll(compareSecurity(s, i));
        return problems;
    }

    /** User, capabilities, read-only root, process limit, no-new-privileges and ulimits, as the engine applied them. */
    static List<String> compareSecurity(Service s, InspectContainerResponse i) {
        List<String> problems = new ArrayList<>();
        HostConfig hc = i.getHostConfig();
        Security sec = s.security();
        String user = i.getConfig() == null || i.getConfig().getUser() == null ? "" : i.getConfig().getUser();
        if (s.process().user() != null && !s.process().user().equals(user)) {
            problems.add(s.name() + ": user '" + user + "', model '" + s.process().user() + "'");
        }
        if (sec.readOnly() != null && !sec.readOnly().equals(Boolean.TRUE.equals(hc.getReadonlyRootfs()))) {
            problems.add(s.name() + ": read-only root file system " + Boolean.TRUE.equals(hc.getReadonlyRootfs()) + ", model " + sec.readOnly());
        }
        compareCapabilities(s.name(), "cap_drop", sec.capDrop(), hc.getCapDrop(), problems);
        compareCapabilities(s.name(), "cap_add", sec.capAdd(), hc.getCapAdd(), problems);
        if (sec.pidsLimit() != null && !Objects.equals(hc.getPidsLimit(), sec.pidsLimit())) {
            problems.add(s.name() + ": pids limit " + hc.getPidsLimit() + ", model " + sec.pidsLimit());
        }
        List<String> opts = hc.getSecurityOpts() == null ? List.of() : hc.getSecurityOpts();
        if (sec.noNewPrivileges() && opts.stream().noneMatch(o -> o.equals(Security.NO_NEW_PRIVILEGES) || o.equals("no-new-privileges"))) {
            problems.add(s.name() + ": no-new-privileges is not set (security options " + opts + "), model sets it");
        }
        com.github.dockerjava.api.model.Ulimit[] actual = hc.getUlimits() == null ? new com.github.dockerjava.api.model.Ulimit[0] : hc.getUlimits();
        for (Ulimit u : sec.ulimits()) {
            var found = java.util.Arrays.stream(actual).filter(a -> u.name().equals(a.getName())).findFirst();
            if (found.isEmpty() || !Objects.equals(found.get().getSoftLong(), u.soft()) || !Objects.equals(found.get().getHardLong(), u.hard())) {
                problems.add(s.name() + ": ulimit " + u.name() + " " + found.map(a -> a.getSoftLong() + ":" + a.getHardLong()).orElse("unset")
                        + ", model " + u.soft() + ":" + u.hard());
            }
        }
        return problems;
    }

    private static void compareCapabilities(String service, String field, List<String> model, Capability[] engine, List<String> problems) {
        if (model.isEmpty()) {
            return;
        }
        Set<String> want = new TreeSet<>(model.stream().map(Security::canonicalCapability).toList());
        Set<String> have = new TreeSet<>();
        if (engine != null) {
            for (Capability c : engine) {
                have.add(Security.canonicalCapability(c.name()));
            }
        }
        if (!want.equals(have)) {
            problems.add(service + ": " + field + " " + have + ", model " + want);
        }
    }

    /** One line of what the engine applied, for the evidence. */
    static String securitySummary(InspectContainerResponse i) {
        HostConfig hc = i.getHostConfig();
        String user = i.getConfig() == null || i.getConfig().getUser() == null || i.getConfig().getUser().isEmpty() ? "image default" : i.getConfig().getUser();
        return "user " + user + ", cap_drop " + names(hc.getCapDrop()) + ", cap_add " + names(hc.getCapAdd())
                + (Boolean.TRUE.equals(hc.getReadonlyRootfs()) ? ", read-only root" : ", writable root")
                + ", pids " + hc.getPidsLimit() + ", " + hc.getSecurityOpts();
    }

    private static List<String> names(Capability[] caps) {
        return caps == null ? List.of() : java.util.Arrays.stream(caps).map(Capability::name).toList();
    }
}
