package dev.stackctl.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Which rules apply and how bad their findings are. The stack's own model is checked with every rule at
 * its built-in severity ({@link #strict()}); a file someone wrote gets severities by impact
 * ({@link #forUserFiles()}: no memory limit, health check, restart policy or no-new-privileges is a note; an
 * unpinned image, a privileged container, the Docker socket, a root-like capability or health checks too slow
 * for the readiness deadline a warning), then what {@code .stackctl.yml} and {@code --disable} say:
 *
 * <pre>
 * rules:
 *   missing-healthcheck: off        # off, note, warning or error
 *   unpinned-image: error
 * </pre>
 */
public final class FindingsPolicy {
    public static final String CONFIG_FILE = ".stackctl.yml";
    /** Marks a rule as not applied. */
    private static final String OFF = "off";

    private final Map<String, String> levels;

    private FindingsPolicy(Map<String, String> levels) {
        this.levels = Map.copyOf(levels);
    }

    /** The stack model: every rule at its built-in severity. */
    public static FindingsPolicy strict() {
        return new FindingsPolicy(Map.of());
    }

    public static FindingsPolicy forUserFiles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("missing-memory-limit", "note");
        m.put("missing-healthcheck", "note");
        m.put("restart-policy:warning", "note");
        m.put("unpinned-image:error", "warning");
        // what many real stacks do on purpose (a proxy reading the Docker socket, a privileged agent): worth a warning, not a failure
        m.put("privileged:error", "warning");
        m.put("docker-socket:error", "warning");
        m.put("dangerous-capability:error", "warning");
        m.put("no-new-privileges:warning", "note");
        // the stack's readiness deadline (--deadline, 30 s) is stackctl's own; compose has none, so a slower first probe only delays up --wait
        m.put("healthcheck-timing:error", "warning");
        return new FindingsPolicy(m);
    }

    /** This policy with the rules of a config file and the --disable ids applied on top. */
    public FindingsPolicy with(Map<String, String> ruleLevels, Collection<String> disabled) {
        Map<String, String> m = new LinkedHashMap<>(levels);
        ruleLevels.forEach((id, level) -> {
            m.keySet().removeIf(k -> k.startsWith(id + ":")); // what the user says about a rule replaces the built-in levels
            m.put(id, level);
        });
        for (String id : disabled) {
            m.keySet().removeIf(k -> k.startsWith(id + ":"));
            m.put(id, OFF);
        }
        return new FindingsPolicy(m);
    }

    /** The {@code rules:} of a config file; a bad file or level is a one-line error naming it. */
    public static Map<String, String> readConfig(Path file) throws IOException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof Map<?, ?> root) || !(root.get("rules") == null || root.get("rules") instanceof Map)) {
            throw new IllegalArgumentException(file + " must be a mapping with 'rules:', e.g. rules: {missing-healthcheck: off}");
        }
        Map<?, ?> rules = root.get("rules") == null ? Map.of() : (Map<?, ?>) root.get("rules");
        for (Map.Entry<?, ?> e : rules.entrySet()) {
            String level = String.valueOf(e.getValue()).toLowerCase(Locale.ROOT);
            if (e.getValue() instanceof Boolean b) level = b ? "error" : OFF;
            if (!List.of(OFF, "note", "info", "warning", "error").contains(level)) {
                throw new IllegalArgumentException(file + ": rules." + e.getKey() + " is '" + e.getValue() + "'; use off, note, warning or error");
            }
            out.put(String.valueOf(e.getKey()), level.equals("info") ? "note" : level);
        }
        return out;
    }

    /** The config file that applies to a compose file: next to it, else in the working directory. */
    public static Optional<Path> configFor(Path composeFile) {
        Path dir = composeFile.toAbsolutePath().getParent();
        for (Path candidate : new Path[] {dir == null ? null : dir.resolve(CONFIG_FILE), Path.of(CONFIG_FILE)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public List<Finding> apply(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            String level = levels.getOrDefault(f.ruleId() + ":" + f.severity().label(), levels.get(f.ruleId()));
            if (level == null) {
                out.add(f);
            } else if (!level.equals(OFF)) {
                out.add(new Finding(f.path(), f.ruleId(), Severity.parse(level), f.message(), f.at()));
            }
        }
        out.sort(null);
        return out;
    }
}
