package dev.stackctl.lifecycle;

import dev.stackctl.engine.BaseImages;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.ProgressSink;
import dev.stackctl.engine.SwarmCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code stackctl cluster up}: a swarm of {@code nodes} engines inside this machine, air-gapped. The node
 * and registry images are built from their recipes (templates/cluster-images/), the stack's images as
 * {@code up --airgap} builds them; then a bridge network, the registry (Debian's docker-registry) on it, one
 * privileged node container per node with its own /var/lib/docker volume, trusting that registry only;
 * {@code swarm init} on node 1 (the one manager) and {@code swarm join} of the others as workers; node 1
 * labelled for the data stores' placement; the stack's images pushed. A failed up removes everything it made.
 */
public final class ClusterUp {
    /** Bounds of --nodes: a node takes about 60 MB idle and the stack about 1.5 GB in all; 2 cores here. */
    public static final int MAX_NODES = 5;
    private static final Duration ENGINE_START = Duration.ofSeconds(90);
    private static final Duration READY = Duration.ofSeconds(90);

    private final ProjectLayout layout;
    private final LocalCluster cluster;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Steps steps;
    private final SwarmCli host = new SwarmCli();

    public ClusterUp(ProjectLayout layout, LocalCluster cluster, PrintWriter out, PrintWriter err) {
        this.layout = layout;
        this.cluster = cluster;
        this.out = out;
        this.err = err;
        this.steps = new Steps(err);
    }

    public static int checkNodes(int nodes) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new StackctlException(ExitCode.USAGE, "--nodes must be between 1 and " + MAX_NODES + ", got " + nodes,
                    "Choose how many swarm nodes to run, e.g. --nodes 3 (the default)");
        }
        return nodes;
    }

    public int up(int nodes) {
        checkNodes(nodes);
        Instant t0 = Instant.now();
        LocalCluster.Found found = cluster.find();
        if (!found.empty()) {
            return alreadyThere(found, nodes);
        }
        try {
            build();
            create(nodes, t0);
        } catch (RuntimeException e) {
            steps.say("cluster up failed: removing what it made");
            try {
                steps.say("removed " + cluster.removeAll());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                steps.say("could not remove everything: " + cleanup.getMessage());
            }
            throw e;
        }
        out.printf("cluster %s up in %.1f s: %d nodes (%s manager, %s), registry %s (127.0.0.1:%d on this machine)%n", cluster.name(), Steps.secondsSince(t0),
                nodes, cluster.node(1), nodes == 1 ? "no workers" : LocalCluster.plural(nodes - 1, "worker"), cluster.registryAddress(),
                cluster.registryHostPort().orElse(0));
        out.println("deploy the stack to it with ./stackctl up --target swarm --cluster" + (cluster.name().equals(LocalCluster.DEFAULT_NAME) ? "" : "=" + cluster.name()));
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    /** A second up: a running cluster of this size is left alone; anything else is named, with the way out. */
    private int alreadyThere(LocalCluster.Found found, int nodes) {
        List<String> running = found.nodes(cluster).stream().filter(n -> "running".equals(found.containers().get(n))).toList();
        boolean whole = running.size() == nodes && found.nodes(cluster).size() == nodes && "running".equals(found.containers().get(cluster.registry()));
        if (!whole) {
            throw new StackctlException(ExitCode.FAILURE, "cluster " + cluster.name() + " already exists but is not " + nodes + " running nodes and a registry ("
                    + found.describe() + ")", "Remove it with ./stackctl cluster down" + nameFlag() + ", then run cluster up again");
        }
        List<String> ready = readyNodes();
        out.println("cluster " + cluster.name() + " is already up: " + LocalCluster.plural(nodes, "node") + " running (" + String.join(", ", ready)
                + " ready), registry " + cluster.registryAddress() + "; nothing to do");
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    private void build() {
        steps.say("building the node and registry images from their recipes (templates/" + BaseImages.CLUSTER_RECIPES + "/)");
        new BaseImages(layout).withRecipes(BaseImages.CLUSTER_RECIPES).build(List.of(), false, null, ProgressSink.printingTo(err));
        steps.say("building the stack's images as up --airgap builds them");
        StackImages.build(layout, StockTrackerStack.definition(StackOptions.DEFAULTS.withTopology(Topology.SCALED, StackOptions.DEFAULT_REPLICAS)),
                ImageProfile.AIRGAP, err);
    }

    private void create(int nodes, Instant t0) {
        String label = LocalCluster.LABEL + "=" + cluster.name();
        steps.say("creating network " + cluster.network());
        LocalCluster.ok(host.run(Duration.ofSeconds(30), "network", "create", "--driver", "bridge", "--label", label, cluster.network()), "docker network create");
        steps.say("starting registry " + cluster.registryAddress() + " (published on 127.0.0.1 only, for this machine's pushes)");
        LocalCluster.ok(host.run(Duration.ofSeconds(60), "run", "-d", "--name", cluster.registry(), "--label", label, "--network", cluster.network(),
                "--publish", "127.0.0.1::" + LocalCluster.REGISTRY_PORT, "--memory", "256m", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                image("registry")), "docker run (registry)");
        int port = cluster.registryHostPort().orElseThrow(() -> new StackctlException(ExitCode.FAILURE, "the registry publishes no port", ""));
        waitForRegistry(port);
        for (int i = 1; i <= nodes; i++) {
            startNode(i, label);
        }
        for (int i = 1; i <= nodes; i++) {
            waitForEngine(i);
            steps.say(String.format("%6.1f s  %s: engine ready", Steps.secondsSince(t0), cluster.node(i)));
        }
        String managerAddress = cluster.address(cluster.node(1));
        SwarmCli manager = new SwarmCli(cluster.dockerHost(1));
        steps.say("docker swarm init on " + cluster.node(1) + " (the manager, advertising " + managerAddress + ")");
        LocalCluster.ok(manager.run(Duration.ofSeconds(60), "swarm", "init", "--advertise-addr", managerAddress), "docker swarm init");
        String token = LocalCluster.ok(manager.run(Duration.ofSeconds(30), "swarm", "join-token", "-q", "worker"), "docker swarm join-token").strip();
        for (int i = 2; i <= nodes; i++) {
            steps.say("docker swarm join on " + cluster.node(i) + " (a worker)");
            LocalCluster.ok(new SwarmCli(cluster.dockerHost(i)).run(Duration.ofSeconds(60), "swarm", "join", "--token", token, managerAddress + ":2377"),
                    "docker swarm join");
        }
        List<String> labels = SwarmRun.placementLabels(SwarmStack.definition());
        steps.say("labelling " + cluster.node(1) + " " + String.join(", ", labels) + " (the data stores and their volumes live there)");
        manager.addLabels(cluster.node(1), labels);
        steps.say("pushing the stack's images to " + cluster.registryAddress());
        ClusterImages.push(ClusterImages.of(SwarmStack.definition()), port, steps);
        waitReady(nodes);
        steps.say(String.format("%6.1f s  %d nodes ready", Steps.secondsSince(t0), nodes));
    }

    private void startNode(int i, String label) {
        String node = cluster.node(i);
        try {
            Files.createDirectories(cluster.socketDir(i).getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(cluster.socketDir(i), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalCluster.ok(host.run(Duration.ofSeconds(30), "volume", "create", "--label", label, cluster.volume(i)), "docker volume create");
        steps.say("starting " + node + " (privileged, /var/lib/docker on volume " + cluster.volume(i) + ")");
        LocalCluster.ok(host.run(Duration.ofSeconds(60), "run", "-d", "--privileged", "--name", node, "--hostname", node, "--label", label,
                "--network", cluster.network(), "--volume", cluster.volume(i) + ":/var/lib/docker",
                "--volume", cluster.socketDir(i) + ":" + LocalCluster.NODE_SOCKET_DIR, "--env", "STACKCTL_REGISTRY=" + cluster.registryAddress(),
                image("swarm-node"), "dockerd", "--host=unix:///var/run/docker.sock", "--host=unix://" + LocalCluster.NODE_SOCKET_DIR + "/docker.sock"),
                "docker run (" + node + ")");
    }

    private String image(String recipe) {
        return new BaseImages(layout).withRecipes(BaseImages.CLUSTER_RECIPES).select(List.of(recipe)).get(0).tag();
    }

    private void waitForEngine(int i) {
        SwarmCli node = new SwarmCli(cluster.dockerHost(i));
        long end = System.nanoTime() + ENGINE_START.toNanos();
        ExternalProcess.Result r;
        do {
            r = node.run(Duration.ofSeconds(10), "info", "-f", "{{.Driver}}");
            if (r.ok()) {
                if (!r.stdout().strip().equals("overlay2")) {
                    throw new StackctlException(ExitCode.FAILURE, cluster.node(i) + "'s engine uses the " + r.stdout().strip() + " storage driver, not overlay2",
                            "Check that volume " + cluster.volume(i) + " is mounted at /var/lib/docker");
                }
                return;
            }
            sleep(500);
        } while (System.nanoTime() < end);
        String logs = host.run(Duration.ofSeconds(10), "logs", "--tail", "5", cluster.node(i)).stderrTail().replace('\n', ' ');
        throw new StackctlException(ExitCode.FAILURE, cluster.node(i) + "'s engine did not answer within " + ENGINE_START.toSeconds() + " s (" + logs + ")",
                "See docker logs " + cluster.node(i));
    }

    private void waitForRegistry(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "no answer";
        do {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(300);
        } while (System.nanoTime() < end);
        throw new StackctlException(ExitCode.FAILURE, "the registry did not answer on 127.0.0.1:" + port + "/v2/ within 30 s (" + last + ")",
                "See docker logs " + cluster.registry());
    }

    /** Node name -> "Ready"/"Down"/..., as the manager sees them. */
    private Map<String, String> nodeStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        ExternalProcess.Result r = new SwarmCli(cluster.dockerHost(1)).run(Duration.ofSeconds(20), "node", "ls", "--format", "{{.Hostname}}\t{{.Status}}");
        if (r.ok()) {
            LocalCluster.lines(r.stdout()).stream().map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> states.put(p[0], p[1]));
        }
        return states;
    }

    private List<String> readyNodes() {
        List<String> ready = new ArrayList<>();
        nodeStates().forEach((n, s) -> {
            if (s.equals("Ready")) ready.add(n);
        });
        return ready;
    }

    private void waitReady(int nodes) {
        long end = System.nanoTime() + READY.toNanos();
        Map<String, String> states;
        do {
            states = nodeStates();
            if (states.size() == nodes && states.values().stream().allMatch("Ready"::equals)) {
                return;
            }
            sleep(500);
        } while (System.nanoTime() < end);
        throw new StackctlException(ExitCode.FAILURE, "the swarm's nodes were not all Ready within " + READY.toSeconds() + " s: " + states,
                "See docker logs " + cluster.node(1));
    }

    private String nameFlag() {
        return cluster.nameFlag();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackctlException(ExitCode.FAILURE, "interrupted", "");
        }
    }
}
