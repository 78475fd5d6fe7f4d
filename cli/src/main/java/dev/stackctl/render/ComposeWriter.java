package dev.stackctl.render;

import dev.stackctl.model.Build;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.Placement;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.model.Durations;
import dev.stackctl.model.EnvFileRef;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Network;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Resources;
import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.Ulimit;
import dev.stackctl.model.Volume;
import dev.stackctl.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * Renders a {@link Stack} as a Compose file: keys in the order a person writes them, two-space indent,
 * byte-identical output for equal models, no timestamps.
 */
public final class ComposeWriter {
    /** Strings a YAML 1.1 reader (and so some compose tools) would take for a boolean or null. */
    private static final Pattern AMBIGUOUS = Pattern.compile(
            "(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?(\\d[\\d_]*)?(\\.\\d*)?([eE][-+]?\\d+)?|0x[0-9a-f]+|0o?[0-7]+|\\d+(:\\d+)+");

    private final String header;

    public ComposeWriter(String header) {
        this.header = header;
    }

    public String write(Stack stack) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (stack.name() != null) {
            root.put("name", stack.name());
        }
        Map<String, Object> services = new LinkedHashMap<>();
        for (Service s : stack.services()) {
            services.put(s.name(), service(s));
        }
        root.put("services", services);
        if (!stack.networks().isEmpty()) {
            Map<String, Object> nets = new LinkedHashMap<>();
            for (Network n : stack.networks()) {
                Map<String, Object> def = new LinkedHashMap<>();
                putIfNotNull(def, "driver", n.driver());
                if (n.external()) def.put("external", true);
                putIfNotNull(def, "name", n.engineName());
                nets.put(n.name(), def);
            }
            root.put("networks", nets);
        }
        if (!stack.volumes().isEmpty()) {
            Map<String, Object> vols = new LinkedHashMap<>();
            for (Volume v : stack.volumes()) {
                Map<String, Object> def = new LinkedHashMap<>();
                putIfNotNull(def, "driver", v.driver());
                if (v.external()) def.put("external", true);
                putIfNotNull(def, "name", v.engineName());
                vols.put(v.name(), def);
            }
            root.put("volumes", vols);
        }
        putObjects(root, "secrets", stack.secrets());
        putObjects(root, "configs", stack.configs());
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(160)
                .setSplitLines(false)
                .build();
        String body = new Dump(settings, new Representer(settings)).dumpToString(root);
        return header == null || header.isEmpty() ? body : header + body;
    }

    private static Map<String, Object> service(Service s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.image() != null) {
            m.put("image", s.image().toString());
        }
        if (s.build() != null) {
            m.put("build", build(s.build()));
        }
        putIfNotNull(m, "container_name", s.containerName());
        if (!s.process().entrypoint().isEmpty()) {
            m.put("entrypoint", new Flow(s.process().entrypoint()));
        }
        if (!s.process().command().isEmpty()) {
            m.put("command", new Flow(s.process().command()));
        }
        putIfNotNull(m, "user", s.process().user());
        if (!s.process().environment().isEmpty()) {
            Map<String, Object> env = new LinkedHashMap<>();
            for (EnvVar e : s.process().environment()) {
                env.put(e.name(), e.isPassThrough() ? null : e.value().toString());
            }
            m.put("environment", env);
        }
        if (!s.process().envFiles().isEmpty()) {
            List<Object> files = new ArrayList<>();
            for (EnvFileRef f : s.process().envFiles()) {
                Map<String, Object> optional = new LinkedHashMap<>();
                optional.put("path", f.path());
                optional.put("required", false);
                files.add(f.required() ? f.path() : optional);
            }
            m.put("env_file", files);
        }
        if (!s.ports().isEmpty()) {
            List<Object> ports = new ArrayList<>();
            for (PortBinding p : s.ports()) {
                if (p.targetEnd() != null) {
                    // The long syntax has no container port range: a range stays in the short syntax.
                    String host = (p.hostIp() == null ? "" : (p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp()) + ":")
                            + (p.published() == null ? (p.hostIp() == null ? "" : ":") : p.published() + ":");
                    ports.add(host + p.target() + "-" + p.targetEnd() + "/" + p.protocol().composeName());
                    continue;
                }
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("target", p.target());
                if (p.published() != null) {
                    pm.put("published", p.published().toString());
                }
                putIfNotNull(pm, "host_ip", p.hostIp());
                pm.put("protocol", p.protocol().composeName());
                if (p.mode() != null) {
                    pm.put("mode", p.mode().composeName());
                }
                ports.add(pm);
            }
            m.put("ports", ports);
        }
        if (!s.volumes().isEmpty()) {
            List<Object> vols = new ArrayList<>();
            for (VolumeMount v : s.volumes()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("type", v.type().composeName());
                putIfNotNull(vm, "source", v.source());
                vm.put("target", v.target());
                if (v.readOnly()) {
                    vm.put("read_only", true);
                }
                vols.add(vm);
            }
            m.put("volumes", vols);
        }
        if (!s.tmpfs().isEmpty()) {
            m.put("tmpfs", s.tmpfs());
        }
        putReferences(m, "secrets", s.secrets());
        putReferences(m, "configs", s.configs());
        if (!s.networks().isEmpty()) {
            m.put("networks", s.networks());
        }
        Map<String, Object> deps = new LinkedHashMap<>();
        for (Dependency d : s.dependsOn()) {
            if (!d.isImplied()) deps.put(d.service(), Map.of("condition", d.condition().composeName())); // compose derives the others
        }
        if (!deps.isEmpty()) {
            m.put("depends_on", deps);
        }
        putIfNotNull(m, "network_mode", s.host().networkMode());
        if (!s.volumesFrom().isEmpty()) m.put("volumes_from", s.volumesFrom());
        if (!s.links().isEmpty()) m.put("links", s.links());
        if (!s.profiles().isEmpty()) m.put("profiles", new Flow(s.profiles()));
        if (s.healthcheck() != null) {
            m.put("healthcheck", healthcheck(s.healthcheck()));
        }
        if (s.restart() != null) {
            m.put("restart", s.restart().toString());
        }
        if (s.process().stopGracePeriod() != null) {
            m.put("stop_grace_period", Durations.format(s.process().stopGracePeriod()));
        }
        Map<String, Object> deploy = deploy(s);
        if (!deploy.isEmpty()) {
            m.put("deploy", deploy);
        }
        security(m, s.security());
        putIfNotNull(m, "privileged", s.host().privileged());
        putIfNotNull(m, "pid", s.host().pid());
        putIfNotNull(m, "ipc", s.host().ipc());
        putIfNotNull(m, "pull_policy", s.pullPolicy());
        if (!s.labels().isEmpty()) {
            m.put("labels", new LinkedHashMap<>(s.labels()));
        }
        return m;
    }

    /** What the containers may do, in the order of the hardening it expresses: limits, file system, privileges. */
    private static void security(Map<String, Object> m, Security sec) {
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
            m.put("cap_drop", new Flow(sec.capDrop()));
        }
        if (!sec.capAdd().isEmpty()) {
            m.put("cap_add", new Flow(sec.capAdd()));
        }
        if (!sec.securityOpt().isEmpty()) {
            m.put("security_opt", sec.securityOpt());
        }
    }

    private static Map<String, Object> build(Build b) {
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

    private static Map<String, Object> healthcheck(HealthCheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (h.test()) {
            case null -> { } // the image's own test, with the timing below
            case HealthCheck.Exec e -> {
                List<String> test = new ArrayList<>();
                test.add("CMD");
                test.addAll(e.command());
                m.put("test", new Flow(test));
            }
            case HealthCheck.Shell sh -> m.put("test", new Flow(List.of("CMD-SHELL", sh.command())));
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

    private static Map<String, Object> deploy(Service s) {
        Deploy d = s.deploy();
        Map<String, Object> deploy = new LinkedHashMap<>();
        if (d.mode() != null) deploy.put("mode", d.mode().composeName());
        putIfNotNull(deploy, "replicas", d.replicas());
        if (d.endpointMode() != null) deploy.put("endpoint_mode", d.endpointMode().composeName());
        Resources r = d.resources();
        Long pids = s.security().pidsLimit();
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

    private static void putUpdate(Map<String, Object> deploy, String key, UpdateConfig u) {
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

    private static void putReferences(Map<String, Object> m, String key, List<FileReference> refs) {
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

    private static void putObjects(Map<String, Object> root, String key, List<FileObject> objects) {
        if (objects.isEmpty()) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FileObject o : objects) {
            Map<String, Object> def = new LinkedHashMap<>();
            putIfNotNull(def, "name", o.name());
            putIfNotNull(def, "file", o.file());
            if (o.external()) def.put("external", true);
            putIfNotNull(def, "environment", o.environment());
            putIfNotNull(def, "content", o.content());
            out.put(o.key(), def);
        }
        root.put(key, out);
    }

    private static void putDuration(Map<String, Object> m, String key, java.time.Duration d) {
        if (d != null) {
            m.put(key, Durations.format(d));
        }
    }

    private static void putIfNotNull(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** A list written in flow style ({@code ["CMD", "x"]}), as people write commands. */
    record Flow(List<String> items) {}

    private static final class Representer extends StandardRepresenter {
        Representer(DumpSettings settings) {
            super(settings);
            this.representers.put(Flow.class, data -> {
                List<String> items = ((Flow) data).items();
                return representSequence(Tag.SEQ, items, FlowStyle.FLOW);
            });
            this.representers.put(String.class, data -> {
                String s = (String) data;
                boolean quote = s.isEmpty() || AMBIGUOUS.matcher(s).matches() || s.contains("${") || s.contains("\"")
                        || s.startsWith("$") || s.contains(": ") || s.contains(" #");
                return representScalar(Tag.STR, s, quote ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.PLAIN);
            });
        }
    }
}
