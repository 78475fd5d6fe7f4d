package dev.stackctl.validate;

import dev.stackctl.model.Build;
import dev.stackctl.model.Cpus;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.Placement;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.model.Durations;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.MemorySize;
import dev.stackctl.model.Network;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Resources;
import dev.stackctl.model.RestartPolicy;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.Volume;
import dev.stackctl.model.VolumeMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads any Compose file into the typed model with a safe loader (plain maps, lists and scalars only).
 * Nothing throws for bad input: every value that cannot be read becomes a finding at its spec path and
 * is left out of the model, so all problems of a file are reported in one run.
 */
public final class ComposeReader {
    public static final String RULE = "invalid-value";

    private final List<Finding> findings = new ArrayList<>();

    /** The model read (null when the file is not a YAML mapping) and the findings made while reading. */
    public record Result(Stack stack, List<Finding> findings) {}

    public static Result read(String yaml) {
        return new ComposeReader().readDocument(yaml);
    }

    private Result readDocument(String yaml) {
        Object doc;
        try {
            LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(50).build();
            doc = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            findings.add(Finding.error("(file)", "yaml-syntax", "not valid YAML: " + e.getMessage().replace('\n', ' ').strip()));
            return new Result(null, List.copyOf(findings));
        }
        if (!(doc instanceof Map<?, ?> root)) {
            findings.add(Finding.error("(file)", "yaml-syntax", "a compose file must be a mapping with a 'services' key"));
            return new Result(null, List.copyOf(findings));
        }
        if (root.containsKey("version")) {
            findings.add(Finding.warning("version", "obsolete-version", "the top-level 'version' key is obsolete and ignored by Compose v2; remove it"));
        }
        String name = root.get("name") == null ? null : attempt("name", () -> checkedName(str(root.get("name"))));
        List<Service> services = new ArrayList<>();
        Map<?, ?> svcMap = map(root.get("services"), "services");
        if (svcMap == null || svcMap.isEmpty()) {
            findings.add(Finding.error("services", RULE, "no services defined; add a 'services' mapping"));
        } else {
            for (Map.Entry<?, ?> e : svcMap.entrySet()) {
                String svcName = str(e.getKey());
                Service s = service(svcName, e.getValue());
                if (s != null) {
                    services.add(s);
                }
            }
        }
        List<Network> networks = new ArrayList<>();
        forEachEntry(root.get("networks"), "networks", (key, value) -> {
            Map<?, ?> def = value == null ? Map.of() : map(value, "networks." + key);
            Network n = attempt("networks." + key, () -> new Network(key, def == null ? null : optStr(def.get("driver"))));
            if (n != null) networks.add(n);
        });
        List<Volume> volumes = new ArrayList<>();
        forEachEntry(root.get("volumes"), "volumes", (key, value) -> {
            Map<?, ?> def = value == null ? Map.of() : map(value, "volumes." + key);
            Volume v = attempt("volumes." + key, () -> new Volume(key, def == null ? null : optStr(def.get("driver"))));
            if (v != null) volumes.add(v);
        });
        List<FileObject> secrets = fileObjects(root.get("secrets"), "secrets");
        List<FileObject> configs = fileObjects(root.get("configs"), "configs");
        Stack stack = attempt("(file)", () -> new Stack(name, services, networks, volumes, secrets, configs));
        return new Result(stack, List.copyOf(findings));
    }

    private static String checkedName(String s) {
        new Network(s, null); // same rules as a resource name
        return s;
    }

    private Service service(String name, Object node) {
        String p = "services." + name;
        Map<?, ?> m = map(node, p);
        if (m == null) {
            return null;
        }
        Interpolated image = m.get("image") == null ? null : attempt(p + ".image", () -> Interpolated.parse(str(m.get("image"))));
        Build build = m.get("build") == null ? null : attempt(p + ".build", () -> build(m.get("build"), p + ".build"));
        if (image == null && build == null) {
            if (!m.containsKey("image") && !m.containsKey("build")) {
                findings.add(Finding.error(p, RULE, "service has neither 'image' nor 'build'; add one"));
            }
            return null; // a bad image/build value was reported where it was read
        }
        Service.Builder s = Service.builder(name).image(image).build(build);
        s = s.containerName(optStr(m.get("container_name")));
        if (m.get("command") != null) s = s.command(stringList(m.get("command"), p + ".command", true));
        s = s.user(optStr(m.get("user")));
        if (m.get("environment") != null) s = s.environment(environment(m.get("environment"), p + ".environment"));
        if (m.get("env_file") != null) s = s.envFiles(envFiles(m.get("env_file"), p + ".env_file"));
        if (m.get("ports") != null) s = s.ports(ports(m.get("ports"), p + ".ports"));
        if (m.get("volumes") != null) s = s.volumes(mounts(m.get("volumes"), p + ".volumes"));
        if (m.get("tmpfs") != null) s = s.tmpfs(stringList(m.get("tmpfs"), p + ".tmpfs", false));
        if (m.get("secrets") != null) s = s.secrets(fileReferences(m.get("secrets"), p + ".secrets"));
        if (m.get("configs") != null) s = s.configs(fileReferences(m.get("configs"), p + ".configs"));
        if (m.get("networks") != null) s = s.networks(keysOrList(m.get("networks"), p + ".networks"));
        if (m.get("depends_on") != null) s = s.dependsOn(dependsOn(m.get("depends_on"), p + ".depends_on"));
        if (m.get("healthcheck") != null) s = s.healthcheck(healthcheck(m.get("healthcheck"), p + ".healthcheck"));
        if (m.get("restart") != null) s = s.restart(attempt(p + ".restart", () -> RestartPolicy.parse(str(m.get("restart")))));
        if (m.get("stop_grace_period") != null) {
            s = s.stopGracePeriod(attempt(p + ".stop_grace_period", () -> positive(Durations.parse(str(m.get("stop_grace_period"))))));
        }
        s = deploy(s, m, p);
        if (m.get("read_only") != null) s = s.readOnly(attempt(p + ".read_only", () -> bool(m.get("read_only"))));
        if (m.get("security_opt") != null) s = s.securityOpt(stringList(m.get("security_opt"), p + ".security_opt", false));
        if (m.get("labels") != null) s = s.labels(labels(m.get("labels"), p + ".labels"));
        Service.Builder complete = s;
        Service built = attempt(p, complete::build);
        if (built == null) {
            // a rule of the service as a whole failed (e.g. it depends on itself): keep what can be kept
            built = attempt(p, () -> complete.dependsOn(List.of()).build());
        }
        return built;
    }

    private Service.Builder deploy(Service.Builder s, Map<?, ?> m, String p) {
        MemorySize memory = null;
        Cpus cpus = null;
        MemorySize reservation = null;
        Cpus cpuReservation = null;
        if (m.get("mem_limit") != null) {
            memory = attempt(p + ".mem_limit", () -> MemorySize.parse(str(m.get("mem_limit"))));
        }
        if (m.get("cpus") != null) {
            cpus = attempt(p + ".cpus", () -> Cpus.of(str(m.get("cpus"))));
        }
        Map<?, ?> deploy = m.get("deploy") == null ? null : map(m.get("deploy"), p + ".deploy");
        if (deploy != null) {
            if (deploy.get("replicas") != null) {
                Integer r = attempt(p + ".deploy.replicas", () -> nonNegative(integer(deploy.get("replicas"))));
                s = s.replicas(r);
            }
            Map<?, ?> res = deploy.get("resources") == null ? null : map(deploy.get("resources"), p + ".deploy.resources");
            if (res != null) {
                Map<?, ?> limits = res.get("limits") == null ? null : map(res.get("limits"), p + ".deploy.resources.limits");
                if (limits != null && limits.get("memory") != null) {
                    memory = attempt(p + ".deploy.resources.limits.memory", () -> MemorySize.parse(str(limits.get("memory"))));
                }
                if (limits != null && limits.get("cpus") != null) {
                    cpus = attempt(p + ".deploy.resources.limits.cpus", () -> Cpus.of(str(limits.get("cpus"))));
                }
                Map<?, ?> reservations = res.get("reservations") == null ? null : map(res.get("reservations"), p + ".deploy.resources.reservations");
                if (reservations != null && reservations.get("memory") != null) {
                    reservation = attempt(p + ".deploy.resources.reservations.memory", () -> MemorySize.parse(str(reservations.get("memory"))));
                }
                if (reservations != null && reservations.get("cpus") != null) {
                    cpuReservation = attempt(p + ".deploy.resources.reservations.cpus", () -> Cpus.of(str(reservations.get("cpus"))));
                }
            }
            s = orchestration(s, deploy, p + ".deploy");
        }
        if (memory != null || cpus != null || reservation != null || cpuReservation != null) {
            MemorySize fm = memory;
            Cpus fc = cpus;
            MemorySize fr = reservation;
            Cpus fcr = cpuReservation;
            Resources r = attempt(p + ".deploy.resources", () -> new Resources(fm, fc, fr, fcr));
            if (r != null) {
                s = s.resources(r);
            }
        }
        return s;
    }

    /** What only an orchestrator reads: mode, endpoint mode, restart policy, update/rollback, placement. */
    private Service.Builder orchestration(Service.Builder s, Map<?, ?> d, String p) {
        if (d.get("mode") != null) {
            s = s.mode(attempt(p + ".mode", () -> switch (str(d.get("mode"))) {
                case "replicated" -> Deploy.Mode.REPLICATED;
                case "global" -> Deploy.Mode.GLOBAL;
                default -> throw new IllegalArgumentException("'" + d.get("mode") + "' is not a deploy mode; use replicated or global");
            }));
        }
        if (d.get("endpoint_mode") != null) {
            s = s.endpointMode(attempt(p + ".endpoint_mode", () -> switch (str(d.get("endpoint_mode"))) {
                case "vip" -> Deploy.EndpointMode.VIP;
                case "dnsrr" -> Deploy.EndpointMode.DNSRR;
                default -> throw new IllegalArgumentException("'" + d.get("endpoint_mode") + "' is not an endpoint mode; use vip or dnsrr");
            }));
        }
        Map<?, ?> rp = d.get("restart_policy") == null ? null : map(d.get("restart_policy"), p + ".restart_policy");
        if (rp != null) {
            String q = p + ".restart_policy";
            s = s.restartPolicy(attempt(q, () -> new DeployRestartPolicy(
                    rp.get("condition") == null ? DeployRestartPolicy.Condition.ANY : DeployRestartPolicy.Condition.fromCompose(str(rp.get("condition"))),
                    optDuration(rp, "delay", q), rp.get("max_attempts") == null ? null : nonNegative(integer(rp.get("max_attempts"))),
                    optDuration(rp, "window", q))));
        }
        s = s.updateConfig(updateConfig(d.get("update_config"), p + ".update_config"));
        s = s.rollbackConfig(updateConfig(d.get("rollback_config"), p + ".rollback_config"));
        Map<?, ?> pl = d.get("placement") == null ? null : map(d.get("placement"), p + ".placement");
        if (pl != null) {
            String q = p + ".placement";
            List<String> constraints = pl.get("constraints") == null ? List.of() : stringList(pl.get("constraints"), q + ".constraints", false);
            List<String> spread = new ArrayList<>();
            List<?> prefs = pl.get("preferences") == null ? List.of() : list(pl.get("preferences"), q + ".preferences");
            for (int i = 0; prefs != null && i < prefs.size(); i++) {
                Map<?, ?> pref = map(prefs.get(i), q + ".preferences[" + i + "]");
                if (pref != null && pref.get("spread") != null) spread.add(str(pref.get("spread")));
            }
            s = s.placement(attempt(q, () -> new Placement(constraints, spread,
                    pl.get("max_replicas_per_node") == null ? null : integer(pl.get("max_replicas_per_node")))));
        }
        return s;
    }

    private UpdateConfig updateConfig(Object node, String p) {
        Map<?, ?> u = node == null ? null : map(node, p);
        if (u == null) {
            return null;
        }
        UpdateConfig.FailureAction action = u.get("failure_action") == null ? null
                : attempt(p + ".failure_action", () -> UpdateConfig.FailureAction.fromCompose(str(u.get("failure_action"))));
        if (action == UpdateConfig.FailureAction.ROLLBACK && p.endsWith("rollback_config")) {
            findings.add(Finding.error(p + ".failure_action", RULE, "a rollback cannot roll back; use continue or pause"));
            action = null;
        }
        UpdateConfig.FailureAction onFailure = action;
        return attempt(p, () -> new UpdateConfig(
                u.get("parallelism") == null ? null : integer(u.get("parallelism")), optDuration(u, "delay", p), onFailure,
                optDuration(u, "monitor", p), u.get("max_failure_ratio") == null ? null : Double.parseDouble(str(u.get("max_failure_ratio"))),
                u.get("order") == null ? null : UpdateConfig.Order.fromCompose(str(u.get("order")))));
    }

    private static Duration optDuration(Map<?, ?> m, String key, String p) {
        return m.get(key) == null ? null : Durations.parse(str(m.get(key)));
    }

    private List<FileReference> fileReferences(Object node, String p) {
        List<FileReference> out = new ArrayList<>();
        List<?> items = list(node, p);
        for (int i = 0; items != null && i < items.size(); i++) {
            Object o = items.get(i);
            FileReference f = attempt(p + "[" + i + "]", () -> {
                if (!(o instanceof Map<?, ?> m)) {
                    return FileReference.of(str(o));
                }
                return new FileReference(str(m.get("source")), optStr(m.get("target")), optStr(m.get("uid")), optStr(m.get("gid")),
                        m.get("mode") == null ? null : integer(m.get("mode")));
            });
            if (f != null) out.add(f);
        }
        return out;
    }

    private List<FileObject> fileObjects(Object node, String p) {
        List<FileObject> out = new ArrayList<>();
        forEachEntry(node, p, (key, value) -> {
            Map<?, ?> def = value == null ? Map.of() : map(value, p + "." + key);
            if (def == null) return;
            FileObject f = attempt(p + "." + key, () -> new FileObject(key, optStr(def.get("file")),
                    def.get("external") != null && bool(def.get("external")), optStr(def.get("name"))));
            if (f != null) out.add(f);
        });
        return out;
    }

    private Build build(Object node, String p) {
        if (node instanceof String ctx) {
            return Build.of(ctx);
        }
        Map<?, ?> m = map(node, p);
        if (m == null) {
            return null;
        }
        Map<String, Interpolated> args = new LinkedHashMap<>();
        if (m.get("args") instanceof List<?> list) {
            for (Object o : list) {
                String[] kv = str(o).split("=", 2);
                Interpolated v = attempt(p + ".args." + kv[0], () -> Interpolated.parse(kv.length > 1 ? kv[1] : ""));
                if (v != null) args.put(kv[0], v);
            }
        } else {
            forEachEntry(m.get("args"), p + ".args", (k, v) -> {
                Interpolated parsed = attempt(p + ".args." + k, () -> Interpolated.parse(v == null ? "" : str(v)));
                if (parsed != null) args.put(k, parsed);
            });
        }
        return new Build(str(m.get("context") == null ? "." : m.get("context")), optStr(m.get("dockerfile")), args);
    }

    private List<EnvVar> environment(Object node, String p) {
        List<EnvVar> out = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (Object o : list) {
                String[] kv = str(o).split("=", 2);
                EnvVar e = attempt(p + "." + kv[0], () -> new EnvVar(kv[0], Interpolated.parse(kv.length > 1 ? kv[1] : "")));
                if (e != null) out.add(e);
            }
            return out;
        }
        forEachEntry(node, p, (k, v) -> {
            EnvVar e = attempt(p + "." + k, () -> new EnvVar(k, Interpolated.parse(v == null ? "" : str(v))));
            if (e != null) out.add(e);
        });
        return out;
    }

    private List<String> envFiles(Object node, String p) {
        if (node instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(o instanceof Map<?, ?> mm ? str(mm.get("path")) : str(o));
            }
            return out;
        }
        return List.of(str(node));
    }

    private List<PortBinding> ports(Object node, String p) {
        List<PortBinding> out = new ArrayList<>();
        List<?> list = list(node, p);
        for (int i = 0; list != null && i < list.size(); i++) {
            Object o = list.get(i);
            String ip = p + "[" + i + "]";
            PortBinding b = attempt(ip, () -> o instanceof Map<?, ?> m ? longPort(m) : shortPort(str(o)));
            if (b != null) out.add(b);
        }
        return out;
    }

    private static PortBinding longPort(Map<?, ?> m) {
        int target = integer(m.get("target"));
        Interpolated published = m.get("published") == null ? null : Interpolated.parse(str(m.get("published")));
        String mode = optStr(m.get("mode"));
        PortBinding.Mode pm = mode == null ? null : switch (mode) {
            case "host" -> PortBinding.Mode.HOST;
            case "ingress" -> PortBinding.Mode.INGRESS;
            default -> throw new IllegalArgumentException("port mode '" + mode + "' is not host or ingress");
        };
        return new PortBinding(optStr(m.get("host_ip")), published, target, protocol(optStr(m.get("protocol"))), pm);
    }

    /** {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}; IPv6 host IPs in brackets. */
    static PortBinding shortPort(String spec) {
        String s = spec;
        String proto = null;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String hostIp = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("'" + spec + "' has an unclosed IPv6 bracket");
            hostIp = s.substring(1, close);
            s = s.substring(close + 2);
        }
        // Variables may contain ':' (${X:-80}); split outside ${...}.
        List<String> parts = splitColons(s);
        if (parts.size() == 3) {
            hostIp = parts.get(0);
            parts = parts.subList(1, 3);
        }
        if (parts.size() > 2) throw new IllegalArgumentException("'" + spec + "' is not a port mapping; write HOST:CONTAINER, e.g. 8080:80");
        String container = parts.get(parts.size() - 1);
        if (container.contains("-")) throw new IllegalArgumentException("port ranges ('" + spec + "') are not supported by stackctl; list the ports one by one");
        int target;
        try {
            target = Integer.parseInt(container);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("container port '" + container + "' in '" + spec + "' is not a number");
        }
        Interpolated published = parts.size() == 2 && !parts.get(0).isEmpty() ? Interpolated.parse(parts.get(0)) : null;
        return new PortBinding(hostIp, published, target, protocol(proto));
    }

    private static List<String> splitColons(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            if (c == '}') depth--;
            if (c == ':' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static PortBinding.Protocol protocol(String s) {
        if (s == null || s.equalsIgnoreCase("tcp")) return PortBinding.Protocol.TCP;
        if (s.equalsIgnoreCase("udp")) return PortBinding.Protocol.UDP;
        throw new IllegalArgumentException("protocol '" + s + "' is not supported; use tcp or udp");
    }

    private List<VolumeMount> mounts(Object node, String p) {
        List<VolumeMount> out = new ArrayList<>();
        List<?> list = list(node, p);
        for (int i = 0; list != null && i < list.size(); i++) {
            Object o = list.get(i);
            VolumeMount v = attempt(p + "[" + i + "]", () -> o instanceof Map<?, ?> m ? longMount(m) : shortMount(str(o)));
            if (v != null) out.add(v);
        }
        return out;
    }

    private static VolumeMount longMount(Map<?, ?> m) {
        String type = optStr(m.get("type"));
        VolumeMount.Type t = switch (type == null ? "volume" : type) {
            case "volume" -> VolumeMount.Type.VOLUME;
            case "bind" -> VolumeMount.Type.BIND;
            case "tmpfs" -> VolumeMount.Type.TMPFS;
            default -> throw new IllegalArgumentException("mount type '" + type + "' is not supported; use volume, bind or tmpfs");
        };
        return new VolumeMount(t, optStr(m.get("source")), str(m.get("target")), m.get("read_only") != null && bool(m.get("read_only")));
    }

    private static VolumeMount shortMount(String spec) {
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            throw new IllegalArgumentException("anonymous volume '" + spec + "' is not supported; name it (NAME:" + spec + ")");
        }
        boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
        String source = parts[0];
        boolean bind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~") || source.startsWith("$");
        return new VolumeMount(bind ? VolumeMount.Type.BIND : VolumeMount.Type.VOLUME, source, parts[1], ro);
    }

    private List<Dependency> dependsOn(Object node, String p) {
        List<Dependency> out = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (Object o : list) {
                Dependency d = attempt(p + "." + str(o), () -> new Dependency(str(o), Dependency.Condition.SERVICE_STARTED));
                if (d != null) out.add(d);
            }
            return out;
        }
        forEachEntry(node, p, (k, v) -> {
            Map<?, ?> def = v == null ? Map.of() : map(v, p + "." + k);
            Dependency d = attempt(p + "." + k + ".condition", () -> new Dependency(k,
                    def == null || def.get("condition") == null ? Dependency.Condition.SERVICE_STARTED
                            : Dependency.Condition.fromCompose(str(def.get("condition")))));
            if (d != null) out.add(d);
        });
        return out;
    }

    private HealthCheck healthcheck(Object node, String p) {
        Map<?, ?> m = map(node, p);
        if (m == null) {
            return null;
        }
        if (m.get("disable") != null && Boolean.TRUE.equals(attempt(p + ".disable", () -> bool(m.get("disable"))))) {
            return HealthCheck.disabled();
        }
        HealthCheck.Test test = attempt(p + ".test", () -> test(m.get("test")));
        Duration interval = duration(m, "interval", p);
        Duration timeout = duration(m, "timeout", p);
        Duration startPeriod = m.get("start_period") == null ? null : attempt(p + ".start_period", () -> Durations.parse(str(m.get("start_period"))));
        Duration startInterval = duration(m, "start_interval", p);
        Integer retries = m.get("retries") == null ? null : attempt(p + ".retries", () -> positiveInt(integer(m.get("retries"))));
        if (test == null) {
            return null; // reported above; the timing fields were still checked
        }
        return attempt(p, () -> new HealthCheck(test, interval, timeout, retries, startPeriod, startInterval));
    }

    private Duration duration(Map<?, ?> m, String key, String p) {
        return m.get(key) == null ? null : attempt(p + "." + key, () -> positive(Durations.parse(str(m.get(key)))));
    }

    private static HealthCheck.Test test(Object node) {
        if (node == null) {
            throw new IllegalArgumentException("healthcheck has no 'test'; add one, or 'disable: true'");
        }
        if (node instanceof String s) {
            return new HealthCheck.Shell(s);
        }
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("test must be a string or a list starting with CMD, CMD-SHELL or NONE");
        }
        List<String> items = list.stream().map(ComposeReader::str).toList();
        return switch (items.get(0)) {
            case "NONE" -> new HealthCheck.None();
            case "CMD" -> new HealthCheck.Exec(items.subList(1, items.size()));
            case "CMD-SHELL" -> {
                if (items.size() != 2) throw new IllegalArgumentException("CMD-SHELL takes exactly one command string");
                yield new HealthCheck.Shell(items.get(1));
            }
            default -> throw new IllegalArgumentException("test list must start with CMD, CMD-SHELL or NONE, not '" + items.get(0) + "'");
        };
    }

    private Map<String, String> labels(Object node, String p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof List<?> list) {
            for (Object o : list) {
                String[] kv = str(o).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            return out;
        }
        forEachEntry(node, p, (k, v) -> out.put(k, v == null ? "" : str(v)));
        return out;
    }

    private List<String> keysOrList(Object node, String p) {
        if (node instanceof Map<?, ?> m) {
            return m.keySet().stream().map(ComposeReader::str).toList();
        }
        return stringList(node, p, false);
    }

    private List<String> stringList(Object node, String p, boolean splitString) {
        if (node instanceof String s) {
            return splitString ? List.of(s.trim().split("\\s+")) : List.of(s);
        }
        List<?> list = list(node, p);
        return list == null ? List.of() : list.stream().map(ComposeReader::str).toList();
    }

    // --- helpers: every failure becomes a finding at its path ---

    private <T> T attempt(String path, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            String msg = e instanceof IllegalArgumentException ? e.getMessage() : "unexpected value type";
            findings.add(Finding.error(path, RULE, msg));
            return null;
        }
    }

    private Map<?, ?> map(Object node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof Map<?, ?> m) {
            return m;
        }
        findings.add(Finding.error(path, RULE, "expected a mapping, found " + describe(node)));
        return null;
    }

    private List<?> list(Object node, String path) {
        if (node instanceof List<?> l) {
            return l;
        }
        findings.add(Finding.error(path, RULE, "expected a list, found " + describe(node)));
        return null;
    }

    private void forEachEntry(Object node, String path, java.util.function.BiConsumer<String, Object> each) {
        if (node == null) {
            return;
        }
        Map<?, ?> m = map(node, path);
        if (m != null) {
            m.forEach((k, v) -> each.accept(str(k), v));
        }
    }

    private static String describe(Object node) {
        return node instanceof List ? "a list" : node instanceof Map ? "a mapping" : "'" + node + "'";
    }

    static String str(Object o) {
        if (o == null) {
            throw new IllegalArgumentException("value is missing");
        }
        if (o instanceof Map || o instanceof List) {
            throw new IllegalArgumentException("expected a single value, found " + describe(o));
        }
        return String.valueOf(o);
    }

    private static String optStr(Object o) {
        return o == null ? null : str(o);
    }

    private static int integer(Object o) {
        if (o instanceof Integer i) return i;
        try {
            return Integer.parseInt(str(o).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + o + "' is not a whole number");
        }
    }

    private static boolean bool(Object o) {
        if (o instanceof Boolean b) return b;
        String s = str(o).toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw new IllegalArgumentException("'" + o + "' is not true or false");
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be a positive duration, e.g. 10s");
        return d;
    }

    private static int positiveInt(int i) {
        if (i < 1) throw new IllegalArgumentException("must be at least 1, got " + i);
        return i;
    }

    private static int nonNegative(int i) {
        if (i < 0) throw new IllegalArgumentException("must not be negative, got " + i);
        return i;
    }
}
