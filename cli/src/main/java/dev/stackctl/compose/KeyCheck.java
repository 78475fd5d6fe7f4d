package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Sequence;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys that are not what they seem: a key the Compose specification does not have (a typo: compose
 * rejects the file, and stackctl says which key and what was probably meant) and a key compose accepts
 * but does not use ({@code deploy.placement} and the other Swarm-only settings), so that silence about
 * them is not read as "checked". The key names are the specification's (compose-spec.json).
 */
public final class KeyCheck {
    public static final String UNKNOWN = "unknown-key";
    public static final String IGNORED = "ignored-key";
    /** A key of the specification that stackctl reads without checking it ({@link UnmodelledKeys}). */
    public static final String UNMODELLED = UnmodelledKeys.RULE;

    static final Set<String> TOP = Set.of("version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs");
    static final Set<String> SERVICE = Set.of("annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
            "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
            "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
            "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
            "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "label_file",
            "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models",
            "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
            "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets",
            "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
            "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir");
    static final Set<String> BUILD = Set.of("additional_contexts", "args", "cache_from", "cache_to", "context", "dockerfile",
            "dockerfile_inline", "entitlements", "extra_hosts", "isolation", "labels", "network", "no_cache", "platforms", "privileged",
            "provenance", "pull", "sbom", "secrets", "shm_size", "ssh", "tags", "target", "ulimits");
    static final Set<String> HEALTHCHECK = Set.of("disable", "interval", "retries", "start_interval", "start_period", "test", "timeout");
    static final Set<String> DEPLOY = Set.of("endpoint_mode", "labels", "mode", "placement", "replicas", "resources", "restart_policy",
            "rollback_config", "update_config");
    static final Set<String> PORT = Set.of("app_protocol", "host_ip", "mode", "name", "protocol", "published", "target");
    static final Set<String> MOUNT = Set.of("bind", "consistency", "image", "read_only", "source", "target", "tmpfs", "type", "volume");
    static final Set<String> NETWORK = Set.of("attachable", "driver", "driver_opts", "enable_ipv4", "enable_ipv6", "external", "internal",
            "ipam", "labels", "name");
    static final Set<String> VOLUME = Set.of("driver", "driver_opts", "external", "labels", "name");
    static final Set<String> SECRET = Set.of("driver", "driver_opts", "environment", "external", "file", "labels", "name", "template_driver");
    static final Set<String> CONFIG = Set.of("content", "environment", "external", "file", "labels", "name", "template_driver");
    static final Set<String> REFERENCE = Set.of("gid", "mode", "source", "target", "uid");
    static final Set<String> DEPENDENCY = Set.of("condition", "required", "restart");
    static final Set<String> ENV_FILE = Set.of("format", "path", "required");
    static final Set<String> EXTENDS = Set.of("file", "service");
    /** Read by Swarm ({@code docker stack deploy}) only; {@code docker compose up} does not use them. */
    private static final Set<String> SWARM_ONLY = Set.of("placement", "update_config", "rollback_config", "endpoint_mode");

    private final List<Problem> problems;

    /** Whether {@code p} says a Swarm-only deploy key is ignored: not so when the file is deployed to Swarm. */
    public static boolean isSwarmOnlyKey(Problem p) {
        if (!p.ruleId().equals(IGNORED)) {
            return false;
        }
        int at = p.path().lastIndexOf(".deploy.");
        return at >= 0 && SWARM_ONLY.contains(p.path().substring(at + ".deploy.".length()));
    }

    private KeyCheck(List<Problem> problems) {
        this.problems = problems;
    }

    static void check(YamlNode root, List<Problem> problems) {
        if (root instanceof Mapping doc) {
            new KeyCheck(problems).document(doc);
        }
    }

    private void document(Mapping doc) {
        keys(doc, TOP, "a top-level key");
        definitions(doc.get("networks"), NETWORK, "network");
        definitions(doc.get("volumes"), VOLUME, "volume");
        definitions(doc.get("secrets"), SECRET, "secret");
        definitions(doc.get("configs"), CONFIG, "config");
        if (doc.get("services") instanceof Mapping services) {
            for (YamlNode s : services.entries().values()) {
                if (s instanceof Mapping m) service(m);
            }
        }
    }

    private void definitions(YamlNode section, Set<String> known, String what) {
        if (section instanceof Mapping all) {
            for (YamlNode def : all.entries().values()) {
                if (def instanceof Mapping m) keys(m, known, "a key of a " + what);
            }
        }
    }

    private void service(Mapping s) {
        keys(s, SERVICE, "a service key");
        if (s.get("build") instanceof Mapping b) keys(b, BUILD, "a build key");
        if (s.get("healthcheck") instanceof Mapping h) keys(h, HEALTHCHECK, "a healthcheck key");
        if (s.get("extends") instanceof Mapping e) keys(e, EXTENDS, "an extends key");
        if (s.get("deploy") instanceof Mapping d) {
            keys(d, DEPLOY, "a deploy key");
            for (String key : SWARM_ONLY) {
                if (d.get(key) != null) {
                    problems.add(new Problem(d.get(key).path(), d.keyAt(key), IGNORED, true, "deploy." + key + " is read only by Swarm "
                            + "(docker stack deploy); docker compose up does not use it, so nothing checks or applies it here"));
                }
            }
        }
        items(s.get("ports"), PORT, "a port key");
        items(s.get("volumes"), MOUNT, "a volume mount key");
        items(s.get("secrets"), REFERENCE, "a key of a service's secret");
        items(s.get("configs"), REFERENCE, "a key of a service's config");
        items(s.get("env_file"), ENV_FILE, "an env_file key");
        if (s.get("depends_on") instanceof Mapping deps) {
            for (YamlNode d : deps.entries().values()) {
                if (d instanceof Mapping m) keys(m, DEPENDENCY, "a depends_on key");
            }
        }
    }

    private void items(YamlNode list, Set<String> known, String what) {
        if (list instanceof Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof Mapping m) keys(m, known, what);
            }
        }
    }

    private void keys(Mapping m, Set<String> known, String what) {
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            if (known.contains(key) || key.startsWith("x-")) continue;
            String guess = closest(key, known);
            problems.add(new Problem(e.getValue().path(), m.keyAt(key), UNKNOWN, false, "'" + key + "' is not " + what + " in the Compose "
                    + "specification" + (guess == null ? "" : " (did you mean '" + guess + "'?)") + "; compose rejects it"
                    + (guess == null ? ": remove it, or name it x-" + key + " to keep it as an extension" : "")));
        }
    }

    /** The known key a typo most likely meant: at most two edits away (one for short keys), else null. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = key.length() <= 4 ? 1 : 2;
        for (String k : known.stream().sorted().toList()) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), k);
            if (d <= bestDistance && (best == null || d < distance(key, best))) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edits from a to b: insertions, deletions, substitutions and swaps of two neighbours (tset, test). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
