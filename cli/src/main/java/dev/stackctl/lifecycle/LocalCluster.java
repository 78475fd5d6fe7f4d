package dev.stackctl.lifecycle;

import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.SwarmCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A swarm cluster inside this machine ({@code stackctl cluster up}): what its containers, volumes and
 * network are called, how to find everything it made (every object carries the label
 * {@value #LABEL}{@code =<name>}), how to reach its nodes' engines, and how to remove it all.
 *
 * <p>Each node is a privileged container running its own dockerd; the host reaches a node's engine
 * through a Unix socket that the node's dockerd also listens on, in a directory of this machine's
 * temporary directory (mode 700) bind-mounted into the node. No engine listens on TCP, so nothing
 * outside this machine can drive the nodes.
 */
public final class LocalCluster {
    /** The label on every container, volume and network a cluster consists of; its value is the cluster's name. */
    public static final String LABEL = "dev.stackctl.cluster";
    public static final String DEFAULT_NAME = "stackctl";
    /** The registry's port inside the cluster's network. */
    public static final int REGISTRY_PORT = 5000;
    /** Where a node's dockerd also listens, inside the node (a directory bind-mounted from this machine). */
    static final String NODE_SOCKET_DIR = "/run/stackctl";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Duration SHORT = Duration.ofSeconds(30);

    private final String name;
    private final SwarmCli host = new SwarmCli();

    public LocalCluster(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new StackctlException(ExitCode.USAGE, "--name '" + name + "' is not a cluster name",
                    "Use up to 20 lower-case letters, digits and '-', starting with a letter (default " + DEFAULT_NAME + ")");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String network() {
        return name + "-net";
    }

    /** Node {@code i} (from 1): its container's name, which is also its host name and its swarm node name. */
    public String node(int i) {
        return name + "-node-" + i;
    }

    public String volume(int i) {
        return node(i) + "-docker";
    }

    public String registry() {
        return name + "-registry";
    }

    /** The registry as the nodes reach it (the container's name on the cluster's network), the one address they trust over HTTP. */
    public String registryAddress() {
        return registry() + ":" + REGISTRY_PORT;
    }

    /** This machine's directory for node {@code i}'s socket. */
    Path socketDir(int i) {
        return Path.of(System.getProperty("java.io.tmpdir"), "stackctl-cluster-" + name, "node-" + i);
    }

    /** The environment that points the docker CLI at node {@code i}'s engine. */
    public Map<String, String> dockerHost(int i) {
        return Map.of("DOCKER_HOST", "unix://" + socketDir(i).resolve("docker.sock"));
    }

    /** What exists of this cluster on this machine's engine. */
    public record Found(Map<String, String> containers, List<String> volumes, List<String> networks) {
        public boolean empty() {
            return containers.isEmpty() && volumes.isEmpty() && networks.isEmpty();
        }

        public int count() {
            return containers.size() + volumes.size() + networks.size();
        }

        /** The node containers, by number. */
        public List<String> nodes(LocalCluster c) {
            return containers.keySet().stream().filter(n -> n.startsWith(c.name + "-node-")).sorted(Comparator.comparingInt(LocalCluster::number)).toList();
        }

        /** The node containers that run, by number (a stopped worker is a lost node, not a missing cluster). */
        public List<String> runningNodes(LocalCluster c) {
            return nodes(c).stream().filter(n -> "running".equals(containers.get(n))).toList();
        }

        /**
         * Whether a stack can be driven on the cluster: node 1 (the one manager, which every swarm command
         * goes to) and the registry (where the nodes pull from) run. Workers may be stopped: the swarm
         * reschedules their tasks, and that is what a node-loss test exercises.
         */
        public boolean reachable(LocalCluster c) {
            return "running".equals(containers.get(c.node(1))) && "running".equals(containers.get(c.registry()));
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            containers.forEach((n, s) -> parts.add(n + " " + s));
            volumes.forEach(v -> parts.add("volume " + v));
            networks.forEach(n -> parts.add("network " + n));
            return String.join(", ", parts);
        }
    }

    public Found find() {
        String filter = "label=" + LABEL + "=" + name;
        Map<String, String> containers = new TreeMap<>();
        lines(ok(host.run(SHORT, "ps", "-a", "--filter", filter, "--format", "{{.Names}}\t{{.State}}"), "docker ps")).stream()
                .map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> containers.put(p[0], p[1]));
        List<String> volumes = lines(ok(host.run(SHORT, "volume", "ls", "-q", "--filter", filter), "docker volume ls"));
        List<String> networks = lines(ok(host.run(SHORT, "network", "ls", "--filter", filter, "--format", "{{.Name}}"), "docker network ls"));
        return new Found(containers, volumes, networks);
    }

    /** Node container name -> its address on the cluster's network (where host-mode ports of its tasks are reached). */
    public Map<String, String> nodeAddresses(List<String> nodes) {
        Map<String, String> out = new TreeMap<>();
        for (String n : nodes) {
            out.put(n, address(n));
        }
        return out;
    }

    String address(String container) {
        String ip = ok(host.run(SHORT, "inspect", "-f", "{{with index .NetworkSettings.Networks \"" + network() + "\"}}{{.IPAddress}}{{end}}", container),
                "docker inspect").strip();
        if (ip.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE, container + " has no address on network " + network(), "Run ./stackctl cluster down, then cluster up");
        }
        return ip;
    }

    /** The registry's port on 127.0.0.1 of this machine (the pushes' way in), if the registry runs. */
    public Optional<Integer> registryHostPort() {
        ExternalProcess.Result r = host.run(SHORT, "port", registry(), REGISTRY_PORT + "/tcp");
        if (!r.ok() || r.stdout().isBlank()) {
            return Optional.empty();
        }
        String first = r.stdout().strip().lines().findFirst().orElse("");
        try {
            return Optional.of(Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How {@code up/verify/status/down --target swarm --cluster} reach a running cluster. */
    public record Connection(String name, Map<String, String> env, Map<String, String> nodeAddresses, String registryAddress, int registryHostPort) {}

    /**
     * The running cluster (its manager and registry running; the addresses of the nodes that run), or one
     * line saying that none runs and how to start it.
     */
    public Connection connect() {
        Found f = find();
        Optional<Integer> port = f.reachable(this) ? registryHostPort() : Optional.empty();
        if (port.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE, f.empty() ? "no cluster " + name + " exists" : "cluster " + name + " is not running (" + f.describe() + ")",
                    f.empty() ? "Start it with ./stackctl cluster up" + nameFlag() : "Remove it with ./stackctl cluster down" + nameFlag() + ", then ./stackctl cluster up" + nameFlag());
        }
        return new Connection(name, dockerHost(1), nodeAddresses(f.runningNodes(this)), registryAddress(), port.get());
    }

    /**
     * Removes every container (with its anonymous volumes), volume and network labelled as this cluster's,
     * and the sockets' directory; returns what it removed, e.g. "4 containers, 3 volumes, 1 network".
     */
    public String removeAll() {
        Found f = find();
        if (!f.containers().isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
            args.addAll(f.containers().keySet());
            ok(host.run(Duration.ofMinutes(2), args.toArray(String[]::new)), "docker rm");
        }
        for (String v : f.volumes()) {
            ok(host.run(Duration.ofMinutes(2), "volume", "rm", v), "docker volume rm");
        }
        for (String n : f.networks()) {
            ok(host.run(SHORT, "network", "rm", n), "docker network rm");
        }
        deleteTree(socketDir(1).getParent());
        Found left = find();
        if (!left.empty()) {
            throw new StackctlException(ExitCode.FAILURE, "cluster " + name + ": still there after removing it: " + left.describe(),
                    "Remove them by hand (docker rm -f, docker volume rm, docker network rm)");
        }
        return plural(f.containers().size(), "container") + ", " + plural(f.volumes().size(), "volume") + ", " + plural(f.networks().size(), "network");
    }

    /** {@code cluster status}: each container of the cluster with its state and address, then the swarm's nodes as the manager sees them. */
    public int status(java.io.PrintWriter out) {
        Found f = find();
        if (f.empty()) {
            out.println("cluster " + name + ": not running (start it with ./stackctl cluster up)");
            return ExitCode.SUCCESS.code();
        }
        out.printf("%-24s %-10s %s%n", "CONTAINER", "STATE", "ADDRESS");
        f.containers().forEach((c, state) -> out.printf("%-24s %-10s %s%n", c, state, "running".equals(state) ? address(c) : "-"));
        registryHostPort().ifPresent(p -> out.println("registry: " + registryAddress() + " for the nodes, 127.0.0.1:" + p + " for this machine's pushes"));
        out.println("volumes: " + String.join(", ", f.volumes()) + "; network: " + String.join(", ", f.networks()));
        ExternalProcess.Result nodes = new SwarmCli(dockerHost(1)).run(SHORT, "node", "ls", "--format", "{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}");
        if (nodes.ok()) {
            out.printf("%n%-24s %-8s %-12s %s%n", "NODE", "STATUS", "AVAILABILITY", "MANAGER");
            lines(nodes.stdout()).stream().map(l -> l.split("\t", -1)).filter(p -> p.length == 4).sorted(Comparator.comparingInt(p -> number(p[0])))
                    .forEach(p -> out.printf("%-24s %-8s %-12s %s%n", p[0], p[1], p[2], p[3].isBlank() ? "-" : p[3]));
        } else {
            out.println("swarm: " + cluster1Down(nodes));
        }
        return ExitCode.SUCCESS.code();
    }

    private String cluster1Down(ExternalProcess.Result r) {
        return node(1) + "'s engine does not answer (" + r.stderrTail().lines().findFirst().orElse("") + ")";
    }

    /** " --name NAME" when this is not the default cluster (for hints), else "". */
    String nameFlag() {
        return name.equals(DEFAULT_NAME) ? "" : " --name " + name;
    }

    static int number(String node) {
        try {
            return Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The non-blank lines of a docker CLI answer, each as printed (an empty last column's tab stays). */
    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    static String ok(ExternalProcess.Result r, String what) {
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, what + " failed: " + r.describeFailure().replace('\n', ' '), "See the docker error above");
        }
        return r.stdout();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
