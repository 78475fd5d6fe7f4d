package dev.stackctl.validate;

import dev.stackctl.compose.KeyCheck;
import dev.stackctl.compose.Problem;
import dev.stackctl.compose.ProjectLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings in the formats CI tools read: SARIF 2.1.0 (code scanning: every result with its rule's
 * metadata, file, line and column) and GitHub Actions workflow commands ({@code ::error file=...::}),
 * which GitHub shows as annotations on the lines of a pull request.
 */
public final class CiReports {
    /** Rules that are not {@link Rule}s: what reading a file and compose itself report. */
    public static final Map<String, String> OTHER_RULES = Map.ofEntries(
            Map.entry(Problem.INVALID_VALUE, "values must be what the Compose specification allows there"),
            Map.entry(Problem.YAML_SYNTAX, "the file must be YAML: a mapping with a 'services' key"),
            Map.entry(Problem.OBSOLETE_VERSION, "the top-level 'version' key is obsolete"),
            Map.entry(Problem.INTERNAL_ERROR, "stackctl failed on a value (a bug to report)"),
            Map.entry(ComposeConfigCheck.RULE, "docker compose config must accept the file"),
            Map.entry(ComposeConfigCheck.MISSING_RULE, "a compose CLI is needed to run docker compose config"),
            Map.entry(ProjectLoader.INACTIVE_DEPENDENCY, "a service must not depend on one whose profiles are not active"),
            Map.entry(ProjectLoader.MISSING_ENV_FILE, "an env_file must exist unless it is marked required: false"),
            Map.entry(KeyCheck.UNKNOWN, "every key must be one of the Compose specification (a typo is named, with the key meant)"),
            Map.entry(KeyCheck.IGNORED, "keys compose accepts but does not use (Swarm-only deploy settings) are named"),
            Map.entry(KeyCheck.UNMODELLED, "keys of the specification that no stackctl rule checks (dns, logging, ...) are named, so silence is not read as a pass"));

    private CiReports() {}

    /** One checked file and its findings. */
    public record FileFindings(String file, List<Finding> findings) {}

    public static Map<String, Object> sarif(List<FileFindings> files, List<Rule> rules, String version) {
        List<Map<String, Object>> ruleList = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Rule r : rules) {
            ids.add(r.id());
            ruleList.add(rule(r.id(), r.description()));
        }
        OTHER_RULES.keySet().stream().sorted().forEach(id -> {
            ids.add(id);
            ruleList.add(rule(id, OTHER_RULES.get(id)));
        });
        List<Map<String, Object>> results = new ArrayList<>();
        for (FileFindings ff : files) {
            for (Finding f : ff.findings()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ruleId", f.ruleId());
                if (ids.contains(f.ruleId())) result.put("ruleIndex", ids.indexOf(f.ruleId()));
                result.put("level", f.severity().label());
                result.put("message", Map.of("text", f.path() + ": " + f.message()));
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Map.of("uri", uri(fileOf(ff, f))));
                if (f.at() != null) {
                    physical.put("region", Map.of("startLine", f.at().line(), "startColumn", f.at().column()));
                }
                result.put("locations", List.of(Map.of("physicalLocation", physical,
                        "logicalLocations", List.of(Map.of("fullyQualifiedName", f.path())))));
                results.add(result);
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "stackctl");
        driver.put("version", version);
        driver.put("rules", ruleList);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return root;
    }

    private static Map<String, Object> rule(String id, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("shortDescription", Map.of("text", description));
        return m;
    }

    /** One workflow command per finding: {@code ::error file=F,line=L,col=C,title=RULE::path: message}. */
    public static String github(List<FileFindings> files) {
        StringBuilder sb = new StringBuilder();
        for (FileFindings ff : files) {
            for (Finding f : ff.findings()) {
                String level = switch (f.severity()) {
                    case ERROR -> "error";
                    case WARNING -> "warning";
                    case NOTE -> "notice";
                };
                sb.append("::").append(level).append(" file=").append(property(fileOf(ff, f)));
                if (f.at() != null) {
                    sb.append(",line=").append(f.at().line()).append(",col=").append(f.at().column());
                }
                sb.append(",title=").append(property("stackctl " + f.ruleId())).append("::")
                        .append(data(f.path() + ": " + f.message())).append('\n');
            }
        }
        return sb.toString();
    }

    /** A file path as the URI reference SARIF wants: forward slashes, spaces and the like percent-encoded. */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        try {
            return new java.net.URI(null, null, p, null).toASCIIString();
        } catch (java.net.URISyntaxException e) {
            return p.replace("%", "%25").replace(" ", "%20");
        }
    }

    /** The file a finding is in: the checked one, or the extends/include/-f file its value came from. */
    private static String fileOf(FileFindings ff, Finding f) {
        return f.at() != null && f.at().file() != null ? f.at().file() : ff.file();
    }

    private static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
