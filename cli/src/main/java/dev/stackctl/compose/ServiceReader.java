package dev.stackctl.compose;

import dev.stackctl.compose.NodeReader.KeyValue;
import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Build;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.Durations;
import dev.stackctl.model.EnvFileRef;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.HostAccess;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.RestartPolicy;
import dev.stackctl.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one entry of {@code services} into a {@link Service}; the nested sections have readers of their own. */
final class ServiceReader {
    private final NodeReader r;
    private final PortReader ports;
    private final MountReader mounts;
    private final HealthcheckReader healthchecks;
    private final DeployReader deploys;
    private final FileObjectReader fileObjects;
    private final SecurityReader security;
    private final UnmodelledKeys unmodelled;

    ServiceReader(NodeReader r) {
        this.r = r;
        this.ports = new PortReader(r);
        this.mounts = new MountReader(r);
        this.healthchecks = new HealthcheckReader(r);
        this.deploys = new DeployReader(r);
        this.fileObjects = new FileObjectReader(r);
        this.security = new SecurityReader(r);
        this.unmodelled = new UnmodelledKeys(r);
    }

    /** The service, or null when it cannot be one (reported). */
    Service read(String name, YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            r.error(node, "service '" + name + "' has an empty body; give it an image or a build (compose rejects it too)");
            return null;
        }
        Mapping m = r.mapping(node);
        if (m == null) {
            return null;
        }
        YamlNode imageNode = m.present("image");
        YamlNode buildNode = m.present("build");
        Interpolated image = imageNode == null ? null : interpolated(imageNode);
        Build build = buildNode == null ? null : build(buildNode);
        if (image == null && build == null) {
            if (!m.has("image") && !m.has("build") && !m.has("extends")) {
                r.error(m, "service has neither 'image' nor 'build'; add one");
            }
            return null; // a bad image/build value was reported where it was read
        }
        Service.Builder s = Service.builder(name).image(image).build(build);
        s.containerName(r.optText(m.get("container_name")));
        ifPresent(m, "command", n -> s.command(command(n)));
        ifPresent(m, "entrypoint", n -> s.entrypoint(command(n)));
        s.user(r.optText(m.get("user")));
        ifPresent(m, "environment", n -> s.environment(environment(n)));
        ifPresent(m, "env_file", n -> s.envFiles(envFiles(n)));
        ifPresent(m, "ports", n -> s.ports(ports.read(n)));
        ifPresent(m, "volumes", n -> s.volumes(mounts.read(n)));
        ifPresent(m, "tmpfs", n -> s.tmpfs(r.strings(n)));
        ifPresent(m, "secrets", n -> s.secrets(fileObjects.references(n)));
        ifPresent(m, "configs", n -> s.configs(fileObjects.references(n)));
        ifPresent(m, "networks", n -> s.networks(r.keysOrStrings(n)));
        List<Dependency> deps = new ArrayList<>();
        ifPresent(m, "depends_on", n -> deps.addAll(dependsOn(name, n)));
        String networkMode = r.optText(m.get("network_mode"));
        ifPresent(m, "volumes_from", n -> s.volumesFrom(r.strings(n)));
        ifPresent(m, "links", n -> s.links(r.strings(n)));
        implied(name, m, deps);
        s.dependsOn(deps);
        s.host(new HostAccess(m.present("privileged") == null ? null : r.bool(m.get("privileged")), networkMode,
                r.optText(m.get("pid")), r.optText(m.get("ipc"))));
        ifPresent(m, "profiles", n -> s.profiles(r.strings(n)));
        s.pullPolicy(r.optText(m.get("pull_policy")));
        ifPresent(m, "healthcheck", n -> s.healthcheck(healthchecks.read(n)));
        ifPresent(m, "restart", n -> s.restart(restart(n)));
        ifPresent(m, "stop_grace_period", n -> s.stopGracePeriod(positiveDuration(n)));
        deploys.read(s, m);
        ifPresent(m, "read_only", n -> s.readOnly(r.bool(n)));
        ifPresent(m, "security_opt", n -> s.securityOpt(r.strings(n)));
        security.read(s, m);
        ifPresent(m, "labels", n -> s.labels(labels(n)));
        java.util.Set<String> explicit = new java.util.HashSet<>();
        deps.stream().filter(d -> !d.isImplied()).forEach(d -> explicit.add(d.service()));
        s.unmodelled(unmodelled.service(m, name, explicit));
        return r.attempt(m, s::build);
    }

    private static void ifPresent(Mapping m, String key, java.util.function.Consumer<YamlNode> read) {
        YamlNode n = m.present(key);
        if (n != null) {
            read.accept(n);
        }
    }

    private Interpolated interpolated(YamlNode n) {
        String t = r.text(n);
        return t == null ? null : r.attempt(n, () -> Interpolated.parse(t));
    }

    private Build build(YamlNode node) {
        if (node instanceof YamlNode.Scalar) {
            String ctx = r.text(node);
            return ctx == null ? null : r.attempt(node, () -> Build.of(ctx));
        }
        Mapping m = r.mapping(node);
        if (m == null) {
            return null;
        }
        Map<String, Interpolated> args = new LinkedHashMap<>();
        YamlNode argsNode = m.present("args");
        if (argsNode != null) {
            for (KeyValue kv : r.keyValues(argsNode)) {
                if (kv.value() == null) {
                    args.put(kv.key(), null); // taken from the environment compose runs in
                    continue;
                }
                Interpolated v = r.attempt(kv.path(), kv.node(), () -> Interpolated.parse(kv.value()));
                if (v != null) args.put(kv.key(), v);
            }
        }
        String context = m.present("context") == null ? "." : r.text(m.get("context"));
        String dockerfile = r.optText(m.get("dockerfile"));
        String inline = r.optText(m.get("dockerfile_inline"));
        return context == null ? null : r.attempt(m, () -> new Build(context, dockerfile, args, inline));
    }

    private List<String> command(YamlNode n) {
        if (n instanceof YamlNode.Scalar) {
            String t = r.text(n);
            return t == null ? List.of() : r.attemptOr(n, () -> ShellWords.split(t), List.of());
        }
        return r.strings(n);
    }

    private List<EnvVar> environment(YamlNode n) {
        List<EnvVar> out = new ArrayList<>();
        for (KeyValue kv : r.keyValues(n)) {
            EnvVar e = r.attempt(kv.path(), kv.node(), () -> kv.value() == null ? EnvVar.passThrough(kv.key())
                    : new EnvVar(kv.key(), Interpolated.parse(kv.value())));
            if (e != null) out.add(e);
        }
        return out;
    }

    private List<EnvFileRef> envFiles(YamlNode n) {
        if (n instanceof YamlNode.Scalar) {
            String t = r.text(n);
            EnvFileRef one = t == null ? null : r.attempt(n, () -> EnvFileRef.of(t));
            return one == null ? List.of() : List.of(one);
        }
        List<EnvFileRef> out = new ArrayList<>();
        for (YamlNode item : r.items(n)) {
            if (item instanceof Mapping m) {
                if (!m.has("path")) {
                    r.error(m, "an env_file entry needs 'path'; write - path: ./app.env");
                    continue;
                }
                String p = r.text(m.get("path"));
                Boolean required = m.present("required") == null ? Boolean.TRUE : r.bool(m.get("required"));
                EnvFileRef f = p == null ? null : r.attempt(m, () -> new EnvFileRef(p, !Boolean.FALSE.equals(required)));
                if (f != null) out.add(f);
            } else {
                String p = r.text(item);
                EnvFileRef f = p == null ? null : r.attempt(item, () -> EnvFileRef.of(p));
                if (f != null) out.add(f);
            }
        }
        return out;
    }

    private List<Dependency> dependsOn(String self, YamlNode n) {
        List<Dependency> out = new ArrayList<>();
        for (Dependency d : dependsOn(n)) {
            YamlNode entry = n instanceof Mapping m && m.get(d.service()) != null ? m.get(d.service()) : n;
            if (r.inactiveProfiles(d.service()) != null && optional(entry)) {
                continue; // required: false on a service whose profile is not active: compose starts the others without it
            }
            if (inactive(self, d.service(), entry, n.path() + "." + d.service(), "depends on")) {
                continue;
            }
            if (d.service().equals(self)) {
                YamlNode at = n instanceof Mapping m && m.get(self) != null ? m.get(self) : n;
                r.problem(new Problem(n.path() + "." + self, at.at(), "dependency-cycle", false,
                        "service '" + self + "' depends on itself; remove '" + self + "' from its depends_on"));
            } else {
                out.add(d);
            }
        }
        return out;
    }

    /** A depends_on entry marked {@code required: false}. */
    private static boolean optional(YamlNode entry) {
        return entry instanceof Mapping m && m.present("required") instanceof YamlNode.Scalar sc && "false".equalsIgnoreCase(sc.text());
    }

    private List<Dependency> dependsOn(YamlNode n) {
        List<Dependency> out = new ArrayList<>();
        if (n instanceof Mapping m) {
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                Mapping def = r.mapping(e.getValue());
                YamlNode cond = def == null ? null : def.present("condition");
                String condition = cond == null ? null : r.text(cond);
                YamlNode at = cond == null ? e.getValue() : cond;
                Dependency d = r.attempt(at, () -> new Dependency(e.getKey(),
                        condition == null ? Dependency.Condition.SERVICE_STARTED : Dependency.Condition.fromCompose(condition)));
                if (d != null) out.add(d);
            }
            return out;
        }
        for (YamlNode item : r.items(n)) {
            String name = r.text(item);
            if (name == null) continue;
            Dependency d = r.attempt(n.path() + "." + name, item, () -> new Dependency(name, Dependency.Condition.SERVICE_STARTED));
            if (d != null) out.add(d);
        }
        return out;
    }

    /**
     * The dependencies compose derives: {@code network_mode: service:x} (and pid, ipc), {@code volumes_from: [x]} (not
     * {@code container:NAME}) and {@code links: [x:alias]} start x first, as depends_on would.
     */
    private void implied(String self, Mapping m, List<Dependency> deps) {
        List<String[]> found = new ArrayList<>(); // service, via, path
        for (String key : List.of("network_mode", "pid", "ipc")) {
            String mode = m.present(key) instanceof YamlNode.Scalar sc ? sc.text() : null;
            if (mode != null && mode.startsWith("service:")) found.add(new String[] {mode.substring(8), key, m.path() + "." + key});
        }
        List<YamlNode> from = m.present("volumes_from") instanceof YamlNode.Sequence seq ? seq.items() : List.of();
        for (int i = 0; i < from.size(); i++) {
            String t = from.get(i) instanceof YamlNode.Scalar sc ? sc.text() : null;
            if (t == null || t.startsWith("container:")) continue;
            String svc = t.startsWith("service:") ? t.substring(8) : t;
            int colon = svc.indexOf(':'); // service:mode (ro, rw)
            found.add(new String[] {colon < 0 ? svc : svc.substring(0, colon), "volumes_from", m.path() + ".volumes_from[" + i + "]"});
        }
        List<YamlNode> links = m.present("links") instanceof YamlNode.Sequence seq ? seq.items() : List.of();
        for (int i = 0; i < links.size(); i++) {
            String t = links.get(i) instanceof YamlNode.Scalar sc ? sc.text() : null;
            if (t == null) continue;
            int colon = t.indexOf(':');
            found.add(new String[] {colon < 0 ? t : t.substring(0, colon), "links", m.path() + ".links[" + i + "]"});
        }
        for (String[] f : found) {
            YamlNode at = nodeAt(m, f[2]);
            if (deps.stream().anyMatch(d -> d.service().equals(f[0])) || inactive(self, f[0], at, f[2], "needs (" + f[1] + ")")) continue;
            if (f[0].equals(self)) {
                r.problem(new Problem(f[2], at.at(), "dependency-cycle", false, "service '" + self + "' refers to itself in " + f[1] + "; name another service"));
                continue;
            }
            Dependency d = r.attempt(f[2], at, () -> Dependency.implied(f[0], f[1]));
            if (d != null) deps.add(d);
        }
    }

    private static YamlNode nodeAt(Mapping m, String path) {
        String rest = path.substring(m.path().length() + 1);
        int bracket = rest.indexOf('[');
        YamlNode n = m.get(bracket < 0 ? rest : rest.substring(0, bracket));
        if (bracket >= 0 && n instanceof YamlNode.Sequence seq) {
            n = seq.items().get(Integer.parseInt(rest.substring(bracket + 1, rest.length() - 1)));
        }
        return n;
    }

    /**
     * A dependency on a service whose profiles are not active: compose rejects the project ("depends on
     * undefined service") unless the entry says {@code required: false}, which the caller checks first.
     */
    private boolean inactive(String self, String target, YamlNode at, String path, String how) {
        List<String> profiles = r.inactiveProfiles(target);
        if (profiles == null) {
            return false;
        }
        r.problem(new Problem(path, at.at(), ProjectLoader.INACTIVE_DEPENDENCY, false, "'" + self + "' " + how + " '" + target
                + "', which is only in profile " + String.join(", ", profiles) + " and that is not active; activate it (--profile "
                + profiles.get(0) + ") or give '" + self + "' the same profile"));
        return true;
    }

    private RestartPolicy restart(YamlNode n) {
        String t = r.text(n);
        return t == null ? null : r.attempt(n, () -> RestartPolicy.parse(t));
    }

    private Duration positiveDuration(YamlNode n) {
        String t = r.text(n);
        return t == null ? null : r.attempt(n, () -> DeployReader.positive(Durations.parse(t)));
    }

    private Map<String, String> labels(YamlNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : r.keyValues(n)) {
            out.put(kv.key(), kv.value() == null ? "" : kv.value());
        }
        return out;
    }
}
