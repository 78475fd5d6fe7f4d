package dev.stackctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestHost;
import dev.stackctl.TestProject;
import dev.stackctl.e2e.StackEndToEndIT.Run;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.SwarmCli;
import dev.stackctl.lifecycle.LocalCluster;
import dev.stackctl.model.Roles;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.verify.ClientWatcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The swarm target on a 3-node cluster inside this machine, end to end through the real CLI:
 * {@code cluster up} (one manager, two workers, each its own dockerd in a privileged container, a
 * registry they pull from), {@code up --target swarm --cluster} (first pulls on every node, so a long
 * deadline), {@code verify} with the API replicas on at least two distinct nodes as the manager's
 * {@code docker service ps} reports them; then a worker's container stopped from this machine
 * ({@code docker stop}, a lost host): the manager marks it Down, its API task is started on another
 * node, {@code verify --target swarm --cluster} passes again within its deadline, and WebSocket clients
 * through nginx (at the address of the node running it) on the lost node's replica reconnect by themselves
 * to a snapshot and data again, while the protocol holds on every connection; {@code down} and
 * {@code cluster down} leave this machine's containers, volumes and networks as they were. The host engine
 * is never put into swarm mode (checked before and after). A failure still removes the whole cluster.
 * Without a Docker engine it fails, it never skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndIT {
    /** A name of its own, so that a developer's cluster (default name) is never touched. */
    private static final String CLUSTER = "it-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String STACK = SwarmStack.STACK_NAME;
    private static final LocalCluster CLUSTER_NAMES = new LocalCluster(CLUSTER);
    private static final Roles.Proxy PROXY = SwarmStack.definition().roles().proxy();
    private static final Map<String, String> timings = new LinkedHashMap<>();
    private static final List<String> notes = new ArrayList<>();
    private static Counts before;
    private static boolean started;

    /** This machine's containers, volumes and networks, all of them (not only the cluster's). */
    record Counts(int containers, int volumes, int networks) {
        static Counts now() {
            return new Counts(lines("ps", "-aq"), lines("volume", "ls", "-q"), lines("network", "ls", "-q"));
        }

        private static int lines(String... args) {
            return (int) ok(host(args)).lines().filter(l -> !l.isBlank()).count();
        }
    }

    @BeforeAll
    static void clusterUp() throws IOException {
        System.setProperty("stackctl.root", TestProject.root().toString());
        assertThat(ok(host("info", "-f", "{{.Swarm.LocalNodeState}}"))).as("this machine's engine is not in a swarm (the nodes have their own)")
                .isEqualTo("inactive");
        before = Counts.now();
        long t0 = System.nanoTime();
        started = true; // from here on, the cluster is removed whatever happens
        Run up = StackEndToEndIT.stackctl("cluster", "up", "--name", CLUSTER, "--nodes", "3");
        timings.put("cluster up", seconds(t0));
        assertThat(up.exitCode()).as(up.describe()).isZero();
        assertThat(up.out()).contains("cluster " + CLUSTER + " up in", "3 nodes (" + CLUSTER + "-node-1 manager, 2 workers)");
        Run again = StackEndToEndIT.stackctl("cluster", "up", "--name", CLUSTER, "--nodes", "3");
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.out()).contains("cluster " + CLUSTER + " is already up", "nothing to do");
    }

    @AfterAll
    static void clusterDown() throws IOException {
        try {
            if (started && !CLUSTER_NAMES.find().empty()) {
                Run down = StackEndToEndIT.stackctl("cluster", "down", "--name", CLUSTER);
                assertThat(down.exitCode()).as("cluster down after a failure: %s", down.describe()).isZero();
            }
        } finally {
            String figures = "cluster end to end (" + CLUSTER + "): " + timings + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
            System.out.println(figures);
            Files.createDirectories(Path.of("target/e2e"));
            Files.writeString(Path.of("target/e2e/cluster.txt"), figures + System.lineSeparator());
        }
        assertThat(CLUSTER_NAMES.find().empty()).as("nothing of cluster %s left", CLUSTER).isTrue();
        assertThat(ok(host("info", "-f", "{{.Swarm.LocalNodeState}}"))).isEqualTo("inactive");
    }

    @Test
    @Order(1)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theStackDeploysToTheClusterWithApiReplicasOnSeveralNodes() {
        long t0 = System.nanoTime();
        Run up = StackEndToEndIT.stackctl("up", "--target", "swarm", "--cluster=" + CLUSTER, "--timeout", "3m");
        timings.put("up --target swarm --cluster (first pulls)", seconds(t0));
        assertThat(up.exitCode()).as(up.describe()).isZero();
        assertThat(up.out()).contains("PASS replicas", "PASS healthy", "PASS http-through-proxy", "PASS websocket-through-proxy",
                "verify --target swarm: PASSED");

        t0 = System.nanoTime();
        Run verify = StackEndToEndIT.stackctl("verify", "--target", "swarm", "--cluster=" + CLUSTER);
        timings.put("verify (default 30 s deadline)", seconds(t0));
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.out()).contains("verify --target swarm: PASSED");

        Map<String, String> api = runningTasks("api");
        notes.add("api tasks after deploy: " + api);
        assertThat(api).as("running api tasks by task id -> node").hasSize(3);
        assertThat(api.values()).allSatisfy(n -> assertThat(n).startsWith(CLUSTER + "-node-"));
        assertThat(new TreeSet<>(api.values())).as("distinct nodes running api replicas").hasSizeGreaterThanOrEqualTo(2);
        Map<String, String> data = new TreeMap<>(runningTasks("timescaledb"));
        data.putAll(runningTasks("redis"));
        assertThat(data.values()).as("the data stores run on node 1, where cluster up put their labels").hasSize(2)
                .containsOnly(CLUSTER_NAMES.node(1));

        Run status = StackEndToEndIT.stackctl("status", "--target", "swarm", "--cluster=" + CLUSTER);
        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.out()).contains(STACK + "_api", CLUSTER + "-node-2", CLUSTER + "-node-3");
    }

    /**
     * A worker lost: its container stopped from this machine. The worker chosen runs an API replica and not
     * nginx (clients reach nginx at its node's address, which a lost node takes with it). WebSocket clients
     * through nginx are opened until that replica holds at least one (its own /metrics, read from the
     * frontend's container over the stack's network), so the reconnect is shown, not left to chance.
     */
    @Test
    @Order(2)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aLostWorkersReplicaIsRescheduledAndItsWebSocketClientsReconnect() throws Exception {
        Map<String, String> api = runningTasks("api");
        String frontendNode = runningTasks(PROXY.service()).values().iterator().next();
        String victim = api.values().stream().filter(n -> !n.equals(CLUSTER_NAMES.node(1)) && !n.equals(frontendNode)).sorted().findFirst()
                .orElseThrow(() -> new AssertionError("no worker runs an api replica without nginx: api " + api + ", nginx on " + frontendNode));
        String victimTask = api.entrySet().stream().filter(e -> e.getValue().equals(victim)).map(Map.Entry::getKey).findFirst().orElseThrow();
        String victimAddress = taskAddress(victimTask);
        notes.add("nginx on " + frontendNode + ", stopped " + victim + " (api task " + victimTask + " at " + victimAddress + ")");

        int port = new SwarmCli(CLUSTER_NAMES.dockerHost(1)).publishedPort(STACK + "_" + PROXY.service(), PROXY.containerPort())
                .orElseThrow(() -> new AssertionError("nginx publishes no port"));
        String nginxAt = CLUSTER_NAMES.nodeAddresses(List.of(frontendNode)).get(frontendNode);
        URI ws = URI.create("ws://" + nginxAt + ":" + port + PROXY.webSocketProbePath());
        List<ClientWatcher> clients = new ArrayList<>();
        try {
            long onVictim = 0;
            Instant opened = Instant.now();
            while (onVictim == 0 && clients.size() < 24) {
                for (int i = 0; i < 3; i++) {
                    clients.add(new ClientWatcher(ws));
                    Thread.sleep(300); // across nginx's re-resolutions of the name (valid=2s), so the clients land on several replicas
                }
                awaitData(clients, opened, Duration.ofSeconds(20));
                onVictim = webSocketClients(frontendNode, victimAddress);
            }
            notes.add(clients.size() + " WebSocket clients through " + ws + ", " + onVictim + " on the replica of " + victim);
            assertThat(onVictim).as("WebSocket clients on the api replica of %s (its /metrics) after opening %d", victim, clients.size()).isPositive();

            Instant stopped = Instant.now();
            long t0 = System.nanoTime();
            ok(host(Duration.ofSeconds(90), "stop", victim));
            timings.put("docker stop " + victim.substring(CLUSTER.length() + 1), seconds(t0));
            awaitNodeDown(victim, Duration.ofSeconds(90));
            timings.put("manager sees it Down", seconds(t0));

            Run verify = StackEndToEndIT.stackctl("verify", "--target", "swarm", "--cluster=" + CLUSTER, "--timeout", "2m");
            timings.put("verify passes again (2 min deadline), from the stop", seconds(t0));
            assertThat(verify.exitCode()).as(verify.describe()).isZero();
            assertThat(verify.out()).contains("PASS replicas", "PASS healthy", "PASS websocket-through-proxy", "verify --target swarm: PASSED");
            Map<String, String> after = runningTasks("api");
            notes.add("api tasks after the loss: " + after);
            assertThat(after).as("running api tasks").hasSize(3).doesNotContainKey(victimTask);
            assertThat(after.values()).as("nodes of the running api tasks").doesNotContain(victim);

            // every client has data again after the loss; those on the lost replica reconnected by themselves, snapshot first
            Instant down = Instant.now();
            awaitData(clients, down, Duration.ofSeconds(30));
            List<ClientWatcher> broke = clients.stream().filter(c -> c.brokeAfter(stopped)).toList();
            timings.put("WebSocket clients with data again, from the stop", seconds(t0));
            notes.add(broke.size() + " of " + clients.size() + " clients broke; first of them: " + (broke.isEmpty() ? "-" : broke.get(0).seenSince(stopped)));
            assertThat(broke).as("clients whose connection broke with the lost replica (%d were on it)", onVictim).isNotEmpty();
            for (ClientWatcher c : clients) {
                assertThat(c.receivedAfter(down)).as("a client got data after the loss: %s", c.seenSince(stopped)).isTrue();
                assertThat(c.protocolBroken()).as("snapshot first on every connection, seq never back").isNull();
            }
            for (ClientWatcher c : broke) {
                assertThat(c.connections()).as("a broken client connected again by itself").isGreaterThanOrEqualTo(2);
                assertThat(c.dataAgainAfter(stopped)).as("data again after its break: %s", c.seenSince(stopped)).isPositive();
            }
        } finally {
            clients.forEach(ClientWatcher::close);
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void downAndClusterDownLeaveThisMachineAsItWas() {
        long t0 = System.nanoTime();
        Run down = StackEndToEndIT.stackctl("down", "--target", "swarm", "--cluster=" + CLUSTER);
        assertThat(down.exitCode()).as(down.describe()).isZero();
        assertThat(down.out()).contains("stack " + STACK + " removed");
        assertThat(runningTasks("api")).isEmpty();
        Run clusterDown = StackEndToEndIT.stackctl("cluster", "down", "--name", CLUSTER);
        timings.put("down + cluster down", seconds(t0));
        assertThat(clusterDown.exitCode()).as(clusterDown.describe()).isZero();
        assertThat(clusterDown.out()).contains("cluster " + CLUSTER + " removed: 4 containers, 3 volumes, 1 network");
        assertThat(CLUSTER_NAMES.find().empty()).isTrue();
        Counts after = Counts.now();
        notes.add("host before " + before + ", after " + after);
        assertThat(after).as("this machine's containers, volumes and networks after cluster down").isEqualTo(before);
        Run gone = StackEndToEndIT.stackctl("verify", "--target", "swarm", "--cluster=" + CLUSTER);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no cluster " + CLUSTER + " exists", "cluster up --name " + CLUSTER).doesNotContain("Exception");
    }

    /** Running tasks of a service of the stack as the manager sees them: task id -> node. */
    private static Map<String, String> runningTasks(String service) {
        ExternalProcess.Result r = onNode(1, "service", "ps", STACK + "_" + service, "--filter", "desired-state=running", "--no-trunc",
                "--format", "{{.ID}}\t{{.Node}}\t{{.CurrentState}}");
        Map<String, String> out = new TreeMap<>();
        if (!r.ok()) {
            return out; // no such service
        }
        r.stdout().lines().map(l -> l.split("\t")).filter(p -> p.length == 3 && p[2].startsWith("Running")).forEach(p -> out.put(p[0], p[1]));
        return out;
    }

    /** A task's address on the stack's network (without the prefix length). */
    private static String taskAddress(String task) {
        String addresses = ok(onNode(1, "inspect", "--type", "task", "-f", "{{range .NetworksAttachments}}{{range .Addresses}}{{.}} {{end}}{{end}}", task));
        assertThat(addresses).as("addresses of task %s", task).isNotBlank();
        return addresses.split(" ")[0].split("/")[0];
    }

    /** The WebSocket clients of the api replica at {@code address}, from its /metrics as nginx's container reaches it. */
    private static long webSocketClients(String frontendNode, String address) {
        int node = Integer.parseInt(frontendNode.substring(frontendNode.lastIndexOf('-') + 1));
        String container = ok(onNode(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_" + PROXY.service()))
                .lines().findFirst().orElseThrow();
        ExternalProcess.Result metrics = onNode(node, "exec", container, "wget", "-q", "-O", "-", "http://" + address + ":8000/metrics");
        if (!metrics.ok()) {
            return 0;
        }
        return Math.round(metrics.stdout().lines().filter(l -> l.startsWith("tracker_ws_clients{") || l.startsWith("tracker_ws_clients "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }

    private static void awaitData(List<ClientWatcher> clients, Instant since, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end && !clients.stream().allMatch(c -> c.receivedAfter(since))) {
            Thread.sleep(200);
        }
    }

    private static void awaitNodeDown(String node, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        String state = "";
        while (System.nanoTime() < end) {
            state = ok(onNode(1, "node", "inspect", "-f", "{{.Status.State}}", node));
            if (state.equals("down")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(node + " is still " + state + " for the manager " + within.toSeconds() + " s after its container stopped");
    }

    private static ExternalProcess.Result onNode(int node, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            return new ExternalProcess(command, Path.of("."), CLUSTER_NAMES.dockerHost(node), Duration.ofSeconds(30)).run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ExternalProcess.Result host(String... args) {
        return host(Duration.ofSeconds(30), args);
    }

    private static ExternalProcess.Result host(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return TestHost.run(command, timeout);
    }

    private static String ok(ExternalProcess.Result r) {
        assertThat(r.exitCode()).as("%s:%n%s", String.join(" ", r.command()), r.describeFailure()).isZero();
        return r.stdout().strip();
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
    }
}
