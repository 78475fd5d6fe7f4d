package dev.stackctl.render;

import static dev.stackctl.render.ServiceSections.build;
import static dev.stackctl.render.ServiceSections.deploy;
import static dev.stackctl.render.ServiceSections.healthcheck;
import static dev.stackctl.render.ServiceSections.putIfNotNull;
import static dev.stackctl.render.ServiceSections.putReferences;
import static dev.stackctl.render.ServiceSections.security;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.Durations;
import dev.stackctl.model.EnvFileRef;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.Network;
import dev.stackctl.model.RawValue;
import dev.stackctl.model.Unmodelled;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
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
                n.unmodelled().forEach((k, v) -> def.put(k, raw(v)));
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
                v.unmodelled().forEach((k, raw) -> def.put(k, raw(raw)));
                vols.put(v.name(), def);
            }
            root.put("volumes", vols);
        }
        putObjects(root, "secrets", stack.secrets());
        putObjects(root, "configs", stack.configs());
        stack.extensions().forEach((k, v) -> root.put(k, raw(v)));
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
        putIfNotNull(m, "pull_policy", s.pullPolicy()); // beside image and build, which it is about
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
        if (ServiceSections.pidsAtServiceLevel(s)) m.put("pids_limit", s.security().pidsLimit());
        putIfNotNull(m, "privileged", s.host().privileged());
        putIfNotNull(m, "pid", s.host().pid());
        putIfNotNull(m, "ipc", s.host().ipc());
        if (!s.labels().isEmpty()) {
            m.put("labels", new LinkedHashMap<>(s.labels()));
        }
        for (Unmodelled u : s.unmodelled()) {
            put(m, u.path(), raw(u.value()));
        }
        return m;
    }

    /**
     * A key the model does not carry, put back where it was read: intermediate mappings are made when the
     * model wrote none ({@code deploy.labels} without other deploy settings), and a service's networks
     * written as a list of names become a mapping when one of them has settings.
     */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, List<String> path, Object value) {
        Map<String, Object> at = m;
        for (String key : path.subList(0, path.size() - 1)) {
            Object next = at.get(key);
            Map<String, Object> child = new LinkedHashMap<>();
            if (next instanceof Map<?, ?> existing) {
                child.putAll((Map<String, Object>) existing);
            } else if (next instanceof List<?> names) {
                names.forEach(n -> child.put(String.valueOf(n), null));
            }
            at.put(key, child);
            at = child;
        }
        at.put(path.get(path.size() - 1), value);
    }

    /** A value kept as written, as the dumper takes it. */
    private static Object raw(RawValue v) {
        return switch (v) {
            case RawValue.Text t -> t.value();
            case RawValue.Plain p -> p;
            case RawValue.Items i -> i.items().stream().map(ComposeWriter::raw).toList();
            case RawValue.Entries e -> {
                Map<String, Object> out = new LinkedHashMap<>();
                e.entries().forEach((k, x) -> out.put(k, raw(x)));
                yield out;
            }
        };
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
            o.unmodelled().forEach((k, v) -> def.put(k, raw(v)));
            out.put(o.key(), def);
        }
        root.put(key, out);
    }

    /** A list written in flow style ({@code ["CMD", "x"]}), as people write commands. */
    record Flow(List<String> items) {}

    private static final class Representer extends StandardRepresenter {
        Representer(DumpSettings settings) {
            super(settings);
            // a number, boolean or null kept as it was written (0o755, 1e3, true)
            this.representers.put(RawValue.Plain.class, data -> {
                String text = ((RawValue.Plain) data).text();
                return representScalar(settings.getSchema().getScalarResolver().resolve(text, true), text, ScalarStyle.PLAIN);
            });
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
