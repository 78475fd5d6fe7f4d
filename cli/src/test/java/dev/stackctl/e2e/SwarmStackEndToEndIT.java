package dev.stackctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestHost;
import dev.stackctl.TestProject;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.lifecycle.StackImages;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed generated/swarm/stack.yml, deployed for real with {@code docker stack deploy} on a
 * single-node swarm of this machine's engine (initialised here with {@code --advertise-addr 127.0.0.1},
 * left again afterwards): every service reaches its desired replicas with every task healthy, although
 * swarm starts them all at once (the stack has no depends_on: the backend retries Redis and the
 * database, the API replicas wait for the collector's migration); nginx answers through its host-mode
 * port and spreads requests over the API replicas by DNS round robin; no container's environment holds a
 * password. The stack's images are built first as {@code up --airgap} builds them, and deployed with
 * {@code --resolve-image never}. Then the same through stackctl: {@code up --target swarm} refused before
 * the swarm exists (it never makes one unasked), {@code down}, {@code up}, {@code status}, {@code verify}
 * and {@code down --volumes --yes} with {@code --target swarm}. The engine must not be in a swarm already
 * (the test would not leave someone else's). Without a Docker engine it fails, it never skips.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SwarmStackEndToEndIT {
    private static final String STACK = "stackctl-swarm-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration CONVERGE = Duration.ofSeconds(150);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    private static boolean joined;
    private static int frontendPort;
    private static final Map<String, String> passwords = new TreeMap<>();
    private static final Map<String, String> timings = new LinkedHashMap<>();

    static ExternalProcess.Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return TestHost.run(command, timeout);
    }

    static String ok(ExternalProcess.Result r) {
        assertThat(r.exitCode()).as("%s:%n%s", String.join(" ", r.command()), r.describeFailure()).isZero();
        return r.stdout().strip();
    }

    @BeforeAll
    static void swarmOfOneNode() throws IOException {
        System.setProperty("stackctl.root", TestProject.root().toString());
        assertThat(ok(docker(Duration.ofSeconds(20), "info", "-f", "{{.Swarm.LocalNodeState}}")))
                .as("this engine is in a swarm already; the test initialises and leaves its own").isEqualTo("inactive");
        long t0 = System.nanoTime();
        var layout = TestProject.layout();
        StackImages.build(layout, StockTrackerStack.definition(StackOptions.DEFAULTS.withTopology(Topology.SCALED, StackOptions.DEFAULT_REPLICAS)),
                ImageProfile.AIRGAP, new PrintWriter(System.err, true));
        timings.put("images", seconds(t0));
        // the committed files, copied with their secrets beside them: nothing is written into generated/
        Path swarm = layout.generated().resolve(SwarmStack.DIRECTORY);
        Files.copy(swarm.resolve(SwarmStack.STACK_FILE), dir.resolve(SwarmStack.STACK_FILE));
        Files.copy(swarm.resolve(StockTrackerStack.NGINX_CONF), dir.resolve(StockTrackerStack.NGINX_CONF));
        Path secrets = Files.createDirectory(dir.resolve(SwarmStack.SECRETS_DIRECTORY));
        for (var secret : SwarmStack.definition().stack().secrets()) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            passwords.put(secret.key(), HexFormat.of().formatHex(bytes));
            Path file = dir.resolve(secret.file());
            Files.writeString(file, passwords.get(secret.key()), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        try (var written = Files.list(secrets)) {
            assertThat(written.count()).as("secret files").isEqualTo(2);
        }
        frontendPort = TestHost.freePort();
        // stackctl never makes a swarm unasked
        StackEndToEndIT.Run refused = StackEndToEndIT.stackctl("up", "--target", "swarm", "--no-build", "-p", STACK);
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.err()).contains("this engine is in no swarm", "--init-swarm").doesNotContain("Exception");
        assertThat(ok(docker(Duration.ofSeconds(20), "info", "-f", "{{.Swarm.LocalNodeState}}"))).isEqualTo("inactive");
        t0 = System.nanoTime();
        joined = true; // from here on, leave the swarm whatever happens
        ok(docker(Duration.ofSeconds(60), "swarm", "init", "--advertise-addr", "127.0.0.1"));
        String node = ok(docker(Duration.ofSeconds(20), "info", "-f", "{{.Swarm.NodeID}}"));
        ok(docker(Duration.ofSeconds(20), "node", "update", "--label-add", SwarmStack.volumeLabel(StockTrackerStack.PGDATA) + "=true",
                "--label-add", SwarmStack.volumeLabel(StockTrackerStack.REDIS_DATA) + "=true", node));
        timings.put("swarm init", seconds(t0));
    }

    @AfterAll
    static void leaveTheSwarm() {
        if (!joined) {
            return;
        }
        docker(Duration.ofSeconds(60), "stack", "rm", STACK, STACK + "-cli");
        for (int i = 0; i < 60 && !docker(Duration.ofSeconds(20), "ps", "-aq", "--filter", "label=com.docker.swarm.service.name").stdout().isBlank(); i++) {
            sleep(1000);
        }
        ExternalProcess.Result leave = docker(Duration.ofSeconds(60), "swarm", "leave", "--force");
        // what the stack made on the node: its volumes, and the bridge swarm init created
        for (String v : List.of(StockTrackerStack.PGDATA, StockTrackerStack.REDIS_DATA)) {
            docker(Duration.ofSeconds(30), "volume", "rm", STACK + "_" + v);
            docker(Duration.ofSeconds(30), "volume", "rm", STACK + "-cli_" + v);
        }
        docker(Duration.ofSeconds(30), "network", "rm", "docker_gwbridge");
        assertThat(leave.exitCode()).as("docker swarm leave --force: %s", leave.describeFailure()).isZero();
        assertThat(docker(Duration.ofSeconds(20), "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).stdout())
                .as("containers of the stack left").isBlank();
        assertThat(docker(Duration.ofSeconds(20), "volume", "ls", "-q", "--filter", "name=" + STACK).stdout()).as("volumes of the stack left").isBlank();
        assertThat(docker(Duration.ofSeconds(20), "network", "ls", "-q", "--filter", "name=docker_gwbridge").stdout()).as("swarm's bridge left").isBlank();
        System.out.println("swarm stack end to end: " + timings);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void theStackFileDeploysConvergesAndAnswersThroughNginx() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        ImageProfile.AIRGAP.images().forEach(env::put);
        env.put("FRONTEND_PORT", Integer.toString(frontendPort));
        long t0 = System.nanoTime();
        ExternalProcess.Result deploy = new ExternalProcess(List.of("docker", "stack", "deploy", "-c", SwarmStack.STACK_FILE,
                "--resolve-image", "never", "--detach=true", STACK), dir, env, Duration.ofMinutes(2)).run();
        ok(deploy);
        assertThat(deploy.stderr()).as("stack deploy ignored nothing").doesNotContain("Ignoring", "unsupported");

        Map<String, Integer> desired = new TreeMap<>();
        SwarmStack.definition().stack().services().forEach(s -> desired.put(STACK + "_" + s.name(), s.deploy().replicaCount()));
        int containers = desired.values().stream().mapToInt(Integer::intValue).sum();
        String state = "";
        boolean converged = false;
        while (!converged && System.nanoTime() - t0 < CONVERGE.toNanos()) {
            sleep(1000);
            state = docker(Duration.ofSeconds(20), "service", "ls", "--filter", "label=com.docker.stack.namespace=" + STACK,
                    "--format", "{{.Name}} {{.Replicas}}").stdout().strip();
            List<String> health = docker(Duration.ofSeconds(20), "ps", "--filter", "label=com.docker.stack.namespace=" + STACK,
                    "--format", "{{.Status}}").stdout().strip().lines().toList();
            converged = allAtDesired(state, desired) && health.size() == containers && health.stream().allMatch(h -> h.contains("(healthy)"));
        }
        timings.put("deploy to all healthy", seconds(t0));
        String tasks = docker(Duration.ofSeconds(20), "stack", "ps", STACK, "--format", "{{.Name}} {{.CurrentState}} {{.Error}}").stdout();
        assertThat(converged).as("every service at its desired replicas, every task healthy within %s; services:%n%s%ntasks:%n%s",
                CONVERGE, state, tasks).isTrue();
        // swarm started everything at once: tasks that failed before their dependencies were up are counted here
        timings.put("tasks started", Long.toString(tasks.lines().filter(l -> !l.isBlank()).count()) + " for " + containers + " replicas");

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        HttpResponse<String> symbols = get(StockTrackerStack.API_PROBE_PATH);
        assertThat(symbols.statusCode()).isEqualTo(200);
        assertThat(symbols.body()).contains("VN30");
        Set<String> replicas = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            get("/health").headers().firstValue(StockTrackerStack.REPLICA_HEADER).ifPresent(replicas::add);
        }
        timings.put("replicas answering through nginx", replicas.toString());
        assertThat(replicas).as("API replicas answering through nginx (DNS round robin)").hasSizeGreaterThanOrEqualTo(2);

        // passwords are files under /run/secrets, never environment values
        for (String id : docker(Duration.ofSeconds(20), "ps", "-q", "--filter", "label=com.docker.stack.namespace=" + STACK).stdout().strip().lines().toList()) {
            String environment = ok(docker(Duration.ofSeconds(20), "inspect", "-f", "{{json .Config.Env}}", id));
            String command = ok(docker(Duration.ofSeconds(20), "inspect", "-f", "{{json .Config.Cmd}} {{json .Config.Entrypoint}}", id));
            for (String password : passwords.values()) {
                assertThat(environment + command).as("container %s", id).doesNotContain(password);
            }
        }
        String fromFile = ok(docker(Duration.ofSeconds(20), "exec", containerOf("redis"), "cat", "/run/secrets/redis_password"));
        assertThat(fromFile).isEqualTo(passwords.get("redis_password"));
        System.out.printf(Locale.ROOT, "swarm stack %s: %s%n", STACK, timings);
    }

    /**
     * The same file through stackctl: down --target swarm removes the stack deployed by hand above, then up
     * --target swarm deploys it again (the swarm exists, the node is labelled: nothing initialised), with
     * per-service progress, and verifies it; status shows every task per node; verify passes again; down
     * --volumes --yes leaves none of its containers, networks or volumes.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void upStatusVerifyAndDownWithTargetSwarm() throws Exception {
        StackEndToEndIT.Run down = StackEndToEndIT.stackctl("down", "--target", "swarm", "-p", STACK, "--volumes", "--yes");
        assertThat(down.exitCode()).as(down.describe()).isZero();
        assertThat(docker(Duration.ofSeconds(20), "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).stdout()).isBlank();
        String stack = STACK + "-cli";
        long t0 = System.nanoTime();
        StackEndToEndIT.Run up = StackEndToEndIT.stackctl("up", "--target", "swarm", "-p", stack, "--airgap", "--no-build",
                "--frontend-port", Integer.toString(frontendPort), "--timeout", "150s");
        timings.put("up --target swarm", seconds(t0));
        try {
            assertThat(up.exitCode()).as(up.describe()).isZero();
            assertThat(up.err()).doesNotContain("initialising").contains("deploying stack " + stack).containsPattern(stack + "_api +3/3 ");
            assertThat(up.out()).contains("PASS replicas", "PASS healthy", "PASS http-through-proxy", "PASS websocket-through-proxy",
                    "verify --target swarm: PASSED");
            StackEndToEndIT.Run status = StackEndToEndIT.stackctl("status", "--target", "swarm", "-p", stack);
            assertThat(status.exitCode()).as(status.describe()).isZero();
            assertThat(status.out()).containsPattern(stack + "_api +3/3").contains(stack + "_api.1", stack + "_api.3", stack + "_timescaledb.1");
            StackEndToEndIT.Run verify = StackEndToEndIT.stackctl("verify", "--target", "swarm", "-p", stack, "--timeout", "30s");
            assertThat(verify.exitCode()).as(verify.describe()).isZero();
            assertThat(verify.out()).contains("verify --target swarm: PASSED");
        } finally {
            StackEndToEndIT.Run removed = StackEndToEndIT.stackctl("down", "--target", "swarm", "-p", stack, "--volumes", "--yes");
            assertThat(removed.exitCode()).as(removed.describe()).isZero();
        }
        assertThat(docker(Duration.ofSeconds(20), "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + stack).stdout()).isBlank();
        assertThat(docker(Duration.ofSeconds(20), "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + stack).stdout()).isBlank();
        assertThat(docker(Duration.ofSeconds(20), "volume", "ls", "-q", "--filter", "name=" + stack).stdout()).isBlank();
        StackEndToEndIT.Run verifyGone = StackEndToEndIT.stackctl("verify", "--target", "swarm", "-p", stack);
        assertThat(verifyGone.exitCode()).isEqualTo(5);
        assertThat(verifyGone.err()).contains("no services of stack '" + stack + "' exist");
    }

    private static String containerOf(String service) {
        return docker(Duration.ofSeconds(20), "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_" + service)
                .stdout().strip().lines().findFirst().orElseThrow();
    }

    private static boolean allAtDesired(String serviceLs, Map<String, Integer> desired) {
        Map<String, String> replicas = new TreeMap<>();
        serviceLs.lines().map(l -> l.split(" ")).filter(p -> p.length >= 2).forEach(p -> replicas.put(p[0], p[1]));
        return replicas.keySet().equals(desired.keySet())
                && desired.entrySet().stream().allMatch(e -> replicas.get(e.getKey()).equals(e.getValue() + "/" + e.getValue()));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
