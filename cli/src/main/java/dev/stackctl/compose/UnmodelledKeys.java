package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import dev.stackctl.compose.YamlNode.Sequence;
import dev.stackctl.model.RawValue;
import dev.stackctl.model.Unmodelled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the Compose specification that the model has no field for ({@code dns}, {@code logging},
 * {@code build.target}, a network's {@code ipam}, ...). No rule checks them, so each one is named by a
 * note ({@code unmodelled-key}) at the key, so that silence about it is not read as "checked". Where the
 * key sits in a mapping it is kept as written ({@link RawValue}) and written back with the model; inside
 * a list item (a port's {@code app_protocol}, a mount's {@code bind:} options, an env file's
 * {@code format}) it is not kept, and the note says so. {@code x-} extensions are kept without a note:
 * compose itself ignores them. Which keys are modelled is listed here, section by section; a test walks
 * compose-spec.json and checks that every key of the specification is either here or reported.
 */
final class UnmodelledKeys {
    static final String RULE = "unmodelled-key";

    /** Service keys the model carries ({@code mem_limit} and {@code cpus} as deploy limits; {@code extends} is resolved by the loader). */
    static final Set<String> SERVICE = Set.of("build", "cap_add", "cap_drop", "command", "configs", "container_name", "cpus", "depends_on",
            "deploy", "entrypoint", "env_file", "environment", "extends", "healthcheck", "image", "ipc", "labels", "links", "mem_limit",
            "network_mode", "networks", "pid", "pids_limit", "privileged", "profiles", "pull_policy", "read_only", "restart", "secrets",
            "security_opt", "stop_grace_period", "tmpfs", "ulimits", "user", "volumes", "volumes_from", "ports");
    static final Set<String> TOP = Set.of("version", "name", "include", "services", "networks", "volumes", "secrets", "configs");
    static final Set<String> BUILD = Set.of("context", "dockerfile", "dockerfile_inline", "args");
    static final Set<String> DEPLOY = Set.of("mode", "replicas", "endpoint_mode", "resources", "restart_policy", "update_config",
            "rollback_config", "placement");
    static final Set<String> RESOURCES = Set.of("limits", "reservations");
    static final Set<String> LIMITS = Set.of("cpus", "memory", "pids");
    static final Set<String> RESERVATIONS = Set.of("cpus", "memory");
    static final Set<String> DEPENDENCY = Set.of("condition");
    static final Set<String> PORT = Set.of("target", "published", "host_ip", "protocol", "mode");
    static final Set<String> MOUNT = Set.of("type", "source", "target", "read_only");
    static final Set<String> ENV_FILE = Set.of("path", "required");
    static final Set<String> NETWORK = Set.of("driver", "external", "name");
    static final Set<String> VOLUME = Set.of("driver", "external", "name");
    static final Set<String> FILE_OBJECT = Set.of("file", "external", "name", "environment", "content");

    private final NodeReader r;

    UnmodelledKeys(NodeReader r) {
        this.r = r;
    }

    /**
     * A service's keys outside the model: those in mappings kept (with their path in the service), those in
     * list items only named. {@code dependencies} are the depends_on entries the model kept.
     */
    List<Unmodelled> service(Mapping m, String name, Set<String> dependencies) {
        List<Unmodelled> out = new ArrayList<>();
        String what = "service '" + name + "'";
        keep(m, SERVICE, KeyCheck.SERVICE, List.of(), what, out);
        if (m.get("build") instanceof Mapping b) keep(b, BUILD, KeyCheck.BUILD, List.of("build"), what, out);
        if (m.get("deploy") instanceof Mapping d) {
            keep(d, DEPLOY, KeyCheck.DEPLOY, List.of("deploy"), what, out);
            if (d.get("resources") instanceof Mapping res) {
                keep(res, RESOURCES, null, List.of("deploy", "resources"), what, out);
                if (res.get("limits") instanceof Mapping l) keep(l, LIMITS, null, List.of("deploy", "resources", "limits"), what, out);
                if (res.get("reservations") instanceof Mapping l) keep(l, RESERVATIONS, null, List.of("deploy", "resources", "reservations"), what, out);
            }
        }
        if (m.get("networks") instanceof Mapping nets) {
            nets.entries().forEach((net, def) -> {
                if (def instanceof Mapping d) keep(d, Set.of(), null, List.of("networks", net), what, out);
            });
        }
        if (m.get("depends_on") instanceof Mapping deps) {
            deps.entries().forEach((dep, def) -> {
                if (def instanceof Mapping d && dependencies.contains(dep)) keep(d, DEPENDENCY, KeyCheck.DEPENDENCY, List.of("depends_on", dep), what, out);
            });
        }
        named(m.get("ports"), PORT, KeyCheck.PORT, "port");
        named(m.get("volumes"), MOUNT, KeyCheck.MOUNT, "volume mount");
        named(m.get("env_file"), ENV_FILE, KeyCheck.ENV_FILE, "env_file entry");
        return out;
    }

    /** A top-level network, volume, secret or config: its keys outside the model, kept as written. */
    Map<String, RawValue> definition(Mapping def, Set<String> modelled, Set<String> known, String what) {
        List<Unmodelled> found = new ArrayList<>();
        keep(def, modelled, known, List.of(), what, found);
        Map<String, RawValue> out = new LinkedHashMap<>();
        found.forEach(u -> out.put(u.path().get(0), u.value()));
        return out;
    }

    /** The document's top-level keys outside the model ({@code x-} extensions, {@code models}), kept as written. */
    Map<String, RawValue> document(Mapping doc) {
        return definition(doc, TOP, KeyCheck.TOP, "the file");
    }

    /**
     * The keys of {@code m} that are not in {@code modelled}: an {@code x-} key is kept silently, a key of the
     * specification ({@code known}; null: any key) kept and noted; others are unknown keys, reported by {@link KeyCheck}.
     */
    private void keep(Mapping m, Set<String> modelled, Set<String> known, List<String> prefix, String what, List<Unmodelled> out) {
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            if (modelled.contains(key)) continue;
            boolean extension = key.startsWith("x-");
            if (!extension && known != null && !known.contains(key)) continue;
            List<String> path = new ArrayList<>(prefix);
            path.add(key);
            out.add(new Unmodelled(path, raw(e.getValue())));
            if (!extension) {
                String shown = String.join(".", path);
                r.problem(Problem.note(e.getValue().path(), m.keyAt(key), RULE, "stackctl does not check '" + shown + "' of " + what
                        + ": no rule reads it; it is kept as written and compose applies it"));
            }
        }
    }

    /** Keys of list items (long syntax) that the model leaves out: named, not kept. */
    private void named(YamlNode list, Set<String> modelled, Set<String> known, String what) {
        if (!(list instanceof Sequence seq)) return;
        for (YamlNode item : seq.items()) {
            if (!(item instanceof Mapping m)) continue;
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                String key = e.getKey();
                if (modelled.contains(key) || !known.contains(key)) continue;
                r.problem(Problem.note(e.getValue().path(), m.keyAt(key), RULE, "stackctl does not check '" + key + "' of a " + what
                        + " and its model leaves it out (lost if the model is written back); compose applies it as written"));
            }
        }
    }

    /** A YAML value as written. */
    static RawValue raw(YamlNode n) {
        return switch (n) {
            case Scalar s -> switch (s.kind()) {
                case STRING -> new RawValue.Text(s.text());
                case NULL -> new RawValue.Plain("null");
                default -> new RawValue.Plain(s.text());
            };
            case Sequence s -> new RawValue.Items(s.items().stream().map(UnmodelledKeys::raw).toList());
            case Mapping m -> {
                Map<String, RawValue> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, raw(v)));
                yield new RawValue.Entries(out);
            }
        };
    }
}
