package dev.stackctl.render;

import dev.stackctl.model.Build;
import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.Placement;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.model.Durations;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Resources;
import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nested sections of a service as {@link ComposeWriter} writes them (what the containers may do, the
 * build, the health check, deploy, secret and config references) and the small helpers both use; split
 * from the writer so that each stays one screenful per concern.
 */
final class ServiceSections {
    private ServiceSections() {}

    /** What the containers may do, in the order of the hardening it expresses: limits, file system, privileges. */
    static void security(Map<String, Object> m, Security sec) {
        if (!sec.ulimits().isEmpty()) {
            Map<String, Object> ul = new LinkedHashMap<>();
            for (Ulimit u : sec.ulimits()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("soft", u.soft());
                v.put("hard", u.hard());
                ul.put(u.name(), v);
            }
            m.put("ulimits", ul);
        }
        putIfNotNull(m, "read_only", sec.readOnly());
        if (!sec.capDrop().isEmpty()) {
            m.put("cap_drop", new ComposeWriter.Flow(sec.capDrop()));
        }
        if (!sec.capAdd().isEmpty()) {
            m.put("cap_add", new ComposeWriter.Flow(sec.capAdd()));
        }
        if (!sec.securityOpt().isEmpty()) {
            m.put("security_opt", sec.securityOpt());
        }
    }

    static Map<String, Object> build(Build b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context", b.context());
        putIfNotNull(m, "dockerfile", b.dockerfile());
        putIfNotNull(m, "dockerfile_inline", b.dockerfileInline());
        if (!b.args().isEmpty()) {
            Map<String, Object> args = new LinkedHashMap<>();
            for (Map.Entry<String, Interpolated> e : b.args().entrySet()) {
                args.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
            }
            m.put("args", args);
        }
        return m;
    }

    static Map<String, Object> healthcheck(HealthCheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (h.test()) {
            case null -> { } // the image's own test, with the timing below
            case HealthCheck.Exec e -> {
                List<String> test = new ArrayList<>();
                test.add("CMD");
                test.addAll(e.command());
                m.put("test", new ComposeWriter.Flow(test));
            }
            case HealthCheck.Shell sh -> m.put("test", new ComposeWriter.Flow(List.of("CMD-SHELL", sh.command())));
            case HealthCheck.None n -> {
                m.put("disable", true);
                return m;
            }
        }
        if (h.interval() != null) m.put("interval", Durations.format(h.interval()));
        if (h.timeout() != null) m.put("timeout", Durations.format(h.timeout()));
        if (h.retries() != null) m.put("retries", h.retries());
        if (h.startPeriod() != null) m.put("start_period", Durations.format(h.startPeriod()));
        if (h.startInterval() != null) m.put("start_interval", Durations.format(h.startInterval()));
        return m;
    }

    /**
     * Where the process limit goes: deploy.resources.limits.pids when the service has other limits
     * (compose 2.26 rejects a service-level pids_limit next to them), else the service's pids_limit, as
     * most files write it (and as compose then prints it).
     */
    static boolean pidsAtServiceLevel(Service s) {
        Resources r = s.deploy().resources();
        return s.security().pidsLimit() != null && (r == null || r.memoryLimit() == null && r.cpuLimit() == null);
    }

    static Map<String, Object> deploy(Service s) {
        Deploy d = s.deploy();
        Map<String, Object> deploy = new LinkedHashMap<>();
        if (d.mode() != null) deploy.put("mode", d.mode().composeName());
        putIfNotNull(deploy, "replicas", d.replicas());
        if (d.endpointMode() != null) deploy.put("endpoint_mode", d.endpointMode().composeName());
        Resources r = d.resources();
        Long pids = pidsAtServiceLevel(s) ? null : s.security().pidsLimit();
        if (r != null || pids != null) {
            Map<String, Object> resources = new LinkedHashMap<>();
            Map<String, Object> limits = new LinkedHashMap<>();
            if (r != null && r.memoryLimit() != null) limits.put("memory", r.memoryLimit().toString());
            if (r != null && r.cpuLimit() != null) limits.put("cpus", r.cpuLimit().toString());
            // Compose 2.26 rejects a service-level pids_limit next to deploy.resources.limits ("can't set
            // distinct values"), so the process limit is written where the spec now puts it.
            if (pids != null) limits.put("pids", pids);
            if (!limits.isEmpty()) resources.put("limits", limits);
            r = r == null ? new Resources(null, null, null) : r;
            Map<String, Object> reservations = new LinkedHashMap<>();
            if (r.memoryReservation() != null) reservations.put("memory", r.memoryReservation().toString());
            if (r.cpuReservation() != null) reservations.put("cpus", r.cpuReservation().toString());
            if (!reservations.isEmpty()) resources.put("reservations", reservations);
            if (!resources.isEmpty()) deploy.put("resources", resources);
        }
        DeployRestartPolicy rp = d.restartPolicy();
        if (rp != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("condition", rp.condition().composeName());
            putDuration(m, "delay", rp.delay());
            putIfNotNull(m, "max_attempts", rp.maxAttempts());
            putDuration(m, "window", rp.window());
            deploy.put("restart_policy", m);
        }
        putUpdate(deploy, "update_config", d.updateConfig());
        putUpdate(deploy, "rollback_config", d.rollbackConfig());
        Placement pl = d.placement();
        if (pl != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!pl.constraints().isEmpty()) m.put("constraints", pl.constraints());
            if (!pl.spreadPreferences().isEmpty()) {
                m.put("preferences", pl.spreadPreferences().stream().map(p -> Map.of("spread", p)).toList());
            }
            putIfNotNull(m, "max_replicas_per_node", pl.maxReplicasPerNode());
            deploy.put("placement", m);
        }
        return deploy;
    }

    static void putUpdate(Map<String, Object> deploy, String key, UpdateConfig u) {
        if (u == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        putIfNotNull(m, "parallelism", u.parallelism());
        putDuration(m, "delay", u.delay());
        if (u.failureAction() != null) m.put("failure_action", u.failureAction().composeName());
        putDuration(m, "monitor", u.monitor());
        putIfNotNull(m, "max_failure_ratio", u.maxFailureRatio());
        if (u.order() != null) m.put("order", u.order().composeName());
        deploy.put(key, m);
    }

    static void putReferences(Map<String, Object> m, String key, List<FileReference> refs) {
        if (refs.isEmpty()) {
            return;
        }
        List<Object> out = new ArrayList<>();
        for (FileReference f : refs) {
            if (f.target() == null && f.uid() == null && f.gid() == null && f.mode() == null) {
                out.add(f.source());
                continue;
            }
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("source", f.source());
            putIfNotNull(fm, "target", f.target());
            putIfNotNull(fm, "uid", f.uid());
            putIfNotNull(fm, "gid", f.gid());
            putIfNotNull(fm, "mode", f.mode());
            out.add(fm);
        }
        m.put(key, out);
    }

    static void putDuration(Map<String, Object> m, String key, java.time.Duration d) {
        if (d != null) {
            m.put(key, Durations.format(d));
        }
    }

    static void putIfNotNull(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
