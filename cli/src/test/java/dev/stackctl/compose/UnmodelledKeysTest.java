package dev.stackctl.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.TestProject;
import dev.stackctl.render.ComposeWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * No key of the Compose specification is silently dropped: every property the specification
 * (compose-spec.json, as the pinned npm package ships it) has for a service, its build, deploy, resources,
 * network attachments, dependencies, port and mount items, env files, the top-level keys and the
 * top-level networks, volumes, secrets and configs, is set in a file of its own; each is either modelled
 * (no note) or named by an {@code unmodelled-key} note at the key, and where it sits in a mapping the model
 * written back carries the same value. The key names stackctl knows (KeyCheck) are the specification's.
 */
class UnmodelledKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABSENT = "(absent)";
    /** Modelled keys that the model writes back under another key (mem_limit as deploy limits) or not at all (resolved, obsolete). */
    private static final Set<String> WRITTEN_ELSEWHERE = Set.of("mem_limit", "cpus", "pids_limit", "extends", "version", "include",
            "profiles"); // profiles: [x] leaves the service out, x is not active
    private static JsonNode schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JSON.readTree(TestProject.composeSchema().toFile());
    }

    /** Where a key goes: a file with {@code P} for the key and {@code V} for a value, and the key's spec path. */
    private record Section(String name, JsonNode properties, Set<String> modelled, Set<String> known, String template, String path, boolean kept) {}

    private static Set<String> without(Set<String> s, String key) {
        Set<String> out = new TreeSet<>(s);
        out.remove(key);
        return out;
    }

    private static JsonNode def(String name) {
        return schema.path("definitions").path(name);
    }

    private static JsonNode properties(JsonNode n) {
        return resolve(n).path("properties");
    }

    private static List<Section> sections() {
        JsonNode service = def("service").path("properties");
        JsonNode resources = def("deployment").path("properties").path("resources").path("properties");
        JsonNode attachment = alternative(service.path("networks"), "object").path("patternProperties").elements().next();
        JsonNode dependency = alternative(service.path("depends_on"), "object").path("patternProperties").elements().next();
        String svc = "services:\n  web:\n    image: nginx:1.27\n";
        return List.of(
                new Section("top level", schema.path("properties"), UnmodelledKeys.TOP, KeyCheck.TOP,
                        "services:\n  web: {image: nginx:1.27}\nP: V\n", "P", true),
                new Section("service", service, UnmodelledKeys.SERVICE, KeyCheck.SERVICE, "services:\n  web:\n    P: V\n    pull_policy: never\n"
                        + "    build: .\n", "services.web.P", true),
                new Section("build", properties(alternative(service.path("build"), "object")), UnmodelledKeys.BUILD, KeyCheck.BUILD,
                        svc + "    build: {context: ., P: V}\n", "services.web.build.P", true),
                new Section("deploy", properties(def("deployment")), UnmodelledKeys.DEPLOY, KeyCheck.DEPLOY,
                        svc + "    deploy: {P: V}\n", "services.web.deploy.P", true),
                new Section("resources", resources, UnmodelledKeys.RESOURCES, null, svc + "    deploy: {resources: {P: V}}\n",
                        "services.web.deploy.resources.P", true),
                new Section("limits", properties(resources.path("limits")), UnmodelledKeys.LIMITS, null,
                        svc + "    deploy: {resources: {limits: {P: V}}}\n", "services.web.deploy.resources.limits.P", true),
                new Section("reservations", properties(resources.path("reservations")), UnmodelledKeys.RESERVATIONS, null,
                        svc + "    deploy: {resources: {reservations: {P: V}}}\n", "services.web.deploy.resources.reservations.P", true),
                new Section("network attachment", properties(alternative(attachment, "object")), Set.of(), null,
                        svc + "    networks: {front: {P: V}}\nnetworks: {front: {}}\n", "services.web.networks.front.P", true),
                new Section("depends_on", properties(alternative(dependency, "object")), UnmodelledKeys.DEPENDENCY, KeyCheck.DEPENDENCY,
                        svc + "    depends_on: {db: {P: V}}\n  db: {image: nginx:1.27}\n", "services.web.depends_on.db.P", true),
                new Section("port", properties(alternative(service.path("ports").path("items"), "object")), UnmodelledKeys.PORT, KeyCheck.PORT,
                        svc + "    ports: [{target: 80, P: V}]\n", "services.web.ports[0].P", false),
                new Section("volume mount", properties(alternative(service.path("volumes").path("items"), "object")), UnmodelledKeys.MOUNT,
                        KeyCheck.MOUNT, svc + "    volumes: [{type: volume, target: /x, P: V}]\n", "services.web.volumes[0].P", false),
                new Section("env_file", properties(alternative(def("env_file"), "array").path("items").path("oneOf").get(1)),
                        UnmodelledKeys.ENV_FILE, KeyCheck.ENV_FILE, svc + "    env_file: [{path: ./a.env, P: V}]\n",
                        "services.web.env_file[0].P", false),
                new Section("network", properties(def("network")), UnmodelledKeys.NETWORK, KeyCheck.NETWORK,
                        svc + "networks:\n  front: {P: V}\n", "networks.front.P", true),
                new Section("volume", properties(def("volume")), UnmodelledKeys.VOLUME, KeyCheck.VOLUME, svc + "volumes:\n  data: {P: V}\n",
                        "volumes.data.P", true),
                new Section("secret", properties(def("secret")), without(UnmodelledKeys.FILE_OBJECT, "content"), KeyCheck.SECRET,
                        svc + "secrets:\n  s: {file: ./s.txt, P: V}\n", "secrets.s.P", true),
                new Section("config", properties(def("config")), UnmodelledKeys.FILE_OBJECT, KeyCheck.CONFIG,
                        svc + "configs:\n  c: {file: ./c.txt, P: V}\n", "configs.c.P", true));
    }

    @Test
    void stackctlsKeyNamesAreTheSpecifications() {
        for (Section s : sections()) {
            Set<String> spec = names(s.properties());
            assertThat(spec).as("keys of the %s in compose-spec.json", s.name()).isNotEmpty();
            if (s.known() != null) {
                // the specification beside the project (../shared/compose-spec) is newer than the npm copy by build.provenance and sbom
                Set<String> newer = s.name().equals("build") ? Set.of("provenance", "sbom") : Set.of();
                Set<String> expected = new TreeSet<>(spec);
                expected.addAll(newer);
                assertThat(new TreeSet<>(s.known())).as("KeyCheck's keys of the %s", s.name()).isEqualTo(expected);
            }
            assertThat(spec).as("keys the model carries for the %s are keys of the specification", s.name()).containsAll(s.modelled());
        }
    }

    @Test
    void everyKeyOfTheSpecificationIsModelledOrNamedAndKeptAsWritten() {
        int modelled = 0;
        int named = 0;
        for (Section s : sections()) {
            for (String key : names(s.properties())) {
                if (sameMapping(s.template()).contains(key)) {
                    assertThat(s.modelled()).as("%s key %s, which the test's file already uses", s.name(), key).contains(key);
                    continue;
                }
                Object sample = sample(s.properties().path(key), 0);
                String yaml = s.template().replace("P", key).replace("V", json(sample));
                String path = s.path().replace("P", key);
                ComposeReader.Result read = ComposeReader.read(yaml);
                List<Problem> notes = read.problems().stream().filter(p -> p.ruleId().equals(UnmodelledKeys.RULE)).toList();
                assertThat(read.problems()).as("%s key %s in%n%s", s.name(), key, yaml)
                        .noneMatch(p -> p.ruleId().equals(KeyCheck.UNKNOWN) || p.ruleId().equals(Problem.INTERNAL_ERROR));
                if (s.modelled().contains(key)) {
                    assertThat(notes).as("notes on the modelled %s key %s in%n%s", s.name(), key, yaml).isEmpty();
                    // modelled means read: the model written back has the key, or the value was reported as wrong
                    boolean reported = read.problems().stream().anyMatch(p -> p.path().startsWith(path) || p.path().equals("(file)")
                            || path.startsWith(p.path()) && p.path().length() > "services.web".length()); // the value, or its list item
                    if (!reported && !WRITTEN_ELSEWHERE.contains(key)) {
                        assertThat(read.stack()).as("model of%n%s%nproblems %s", yaml, read.problems()).isNotNull();
                        String written = new ComposeWriter("").write(read.stack());
                        Object item = path.contains(".") ? at(load(written), path.substring(0, path.lastIndexOf('.'))) : null;
                        if (!(item instanceof String)) { // else a list item written in the short syntax (the key's default)
                            assertThat(at(load(written), path)).as("modelled %s key %s written back:%n%s", s.name(), key, written)
                                    .isNotEqualTo(ABSENT);
                        }
                    }
                    modelled++;
                    continue;
                }
                named++;
                assertThat(notes).as("notes on the %s key %s in%n%s", s.name(), key, yaml).hasSize(1);
                Problem note = notes.get(0);
                assertThat(note.path()).isEqualTo(path);
                assertThat(note.note()).isTrue();
                assertThat(note.at()).as("the note is at the key").isEqualTo(keyPosition(yaml, key));
                assertThat(note.message()).contains("stackctl does not check '").contains(s.kept() ? "it is kept as written" : "lost if the model is written back");
                if (s.kept()) {
                    assertThat(read.stack()).as("model of%n%s%nproblems %s", yaml, read.problems()).isNotNull();
                    String written = new ComposeWriter("").write(read.stack());
                    assertThat(at(load(written), path)).as("%s key %s written back:%n%s", s.name(), key, written).isEqualTo(at(load(yaml), path));
                }
            }
        }
        assertThat(modelled).as("keys modelled").isGreaterThan(40);
        assertThat(named).as("keys named").isGreaterThan(60);
    }

    @Test
    void extensionsAreKeptWithoutANote() {
        ComposeReader.Result read = ComposeReader.read("""
                x-common: &c {restart: unless-stopped}
                services:
                  web:
                    image: nginx:1.27
                    x-team: {owner: web}
                networks:
                  front: {x-purpose: edge}
                """);
        assertThat(read.problems()).noneMatch(p -> p.ruleId().equals(UnmodelledKeys.RULE));
        Object written = load(new ComposeWriter("").write(read.stack()));
        assertThat(at(written, "x-common")).isEqualTo(Map.of("restart", "unless-stopped"));
        assertThat(at(written, "services.web.x-team")).isEqualTo(Map.of("owner", "web"));
        assertThat(at(written, "networks.front.x-purpose")).isEqualTo("edge");
    }

    @Test
    void valuesKeepTheirTypesAndNetworksListedByNameGainTheirSettings() {
        String yaml = """
                services:
                  web:
                    image: nginx:1.27
                    networks: [front, back]
                    tty: true
                    oom_score_adj: -200
                    hostname: "500"
                    stop_signal: ${STOP:-SIGTERM}
                    sysctls: {net.core.somaxconn: 1024}
                    deploy: {labels: [a=b]}
                networks:
                  front: {}
                  back: {}
                """;
        ComposeReader.Result read = ComposeReader.read(yaml.replace("networks: [front, back]", "networks: {front: {aliases: [w]}, back: }"));
        String written = new ComposeWriter("").write(read.stack());
        Object doc = load(written);
        assertThat(at(doc, "services.web.networks")).as(written).isEqualTo(mapOf("front", Map.of("aliases", List.of("w")), "back", null));
        assertThat(at(doc, "services.web.tty")).isEqualTo(true);
        assertThat(at(doc, "services.web.oom_score_adj")).isEqualTo(-200);
        assertThat(at(doc, "services.web.hostname")).as("a quoted number stays a string").isEqualTo("500");
        assertThat(at(doc, "services.web.stop_signal")).isEqualTo("${STOP:-SIGTERM}");
        assertThat(at(doc, "services.web.sysctls")).isEqualTo(Map.of("net.core.somaxconn", 1024));
        assertThat(at(doc, "services.web.deploy.labels")).isEqualTo(List.of("a=b"));
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /** The other keys of the mapping that holds {@code P: V} in a template (a flow mapping, or block lines of the same indent). */
    private static Set<String> sameMapping(String template) {
        Set<String> out = new TreeSet<>();
        String[] lines = template.split("\n");
        for (String line : lines) {
            if (!line.contains("P: V")) continue;
            if (line.strip().equals("P: V")) {
                String indent = line.substring(0, line.indexOf('P'));
                for (String other : lines) {
                    if (other.startsWith(indent) && !other.startsWith(indent + " ") && other.contains(":")) out.add(other.strip().split(":")[0]);
                }
            } else {
                String inner = line.substring(line.lastIndexOf('{', line.indexOf("P: V")) + 1, line.indexOf('}', line.indexOf("P: V")));
                for (String part : inner.split(",")) out.add(part.strip().split(":")[0]);
            }
        }
        return out;
    }

    /** Where {@code key:} is written (the last time), 1-based, as the reader places keys. */
    private static Position keyPosition(String yaml, String key) {
        String[] lines = yaml.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|[ {])" + java.util.regex.Pattern.quote(key) + ":").matcher(lines[i]);
            if (m.find()) return new Position(i + 1, m.start() + (m.group(1).isEmpty() ? 0 : 1) + 1);
        }
        throw new AssertionError(key + " not in " + yaml);
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> out = new TreeSet<>();
        properties.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode resolve(JsonNode n) {
        while (n.has("$ref")) {
            n = schema.at(n.get("$ref").asText().substring(1));
        }
        return n;
    }

    /** The alternative of a oneOf/anyOf (or the node itself) whose type is {@code type}. */
    private static JsonNode alternative(JsonNode n, String type) {
        n = resolve(n);
        for (String k : List.of("oneOf", "anyOf")) {
            for (JsonNode alt : n.path(k)) {
                JsonNode a = resolve(alt);
                if (type.equals(a.path("type").asText()) || a.path("type").isArray() && a.path("type").toString().contains("\"" + type + "\"")) {
                    return a;
                }
            }
        }
        return n;
    }

    /** A value the schema allows there (the first alternative that is not null), as plain Java data. */
    private static Object sample(JsonNode n, int depth) {
        n = resolve(n);
        for (String k : List.of("oneOf", "anyOf")) {
            if (n.has(k)) {
                for (JsonNode alt : n.get(k)) {
                    if (!"null".equals(resolve(alt).path("type").asText())) return sample(alt, depth);
                }
            }
        }
        if (n.has("enum")) return JSON.convertValue(n.get("enum").get(0), Object.class);
        String type = n.path("type").isArray() ? n.path("type").get(0).asText() : n.path("type").asText("object");
        return switch (type) {
            case "string" -> "x";
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> depth > 3 ? List.of() : List.of(sample(n.path("items"), depth + 1));
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (depth <= 3) {
                    var fields = n.path("properties").fields();
                    if (fields.hasNext()) {
                        var first = fields.next();
                        m.put(first.getKey(), sample(first.getValue(), depth + 1));
                    } else if (n.path("patternProperties").elements().hasNext()) {
                        m.put("k", sample(n.path("patternProperties").elements().next(), depth + 1));
                    }
                }
                yield m;
            }
        };
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object load(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    /** The value at a dotted spec path (a key may contain dots: the longest key that matches is taken). */
    private static Object at(Object doc, String path) {
        Object at = doc;
        String rest = path;
        while (!rest.isEmpty()) {
            if (rest.startsWith("[")) {
                int i = Integer.parseInt(rest.substring(1, rest.indexOf(']')));
                if (!(at instanceof List<?> l) || i >= l.size()) return ABSENT;
                at = l.get(i);
                rest = rest.substring(rest.indexOf(']') + 1).replaceFirst("^\\.", "");
                continue;
            }
            if (!(at instanceof Map<?, ?> m)) return ABSENT;
            String key = null;
            for (Object k : m.keySet()) {
                String ks = String.valueOf(k);
                if ((rest.equals(ks) || rest.startsWith(ks + ".") || rest.startsWith(ks + "[")) && (key == null || ks.length() > key.length())) key = ks;
            }
            if (key == null) return ABSENT;
            at = m.get(key);
            rest = rest.length() == key.length() ? "" : rest.substring(key.length() + (rest.charAt(key.length()) == '.' ? 1 : 0));
        }
        return at;
    }
}
