package dev.stackctl.e2e;

import static dev.stackctl.TestHost.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.TestProject;
import dev.stackctl.e2e.StackEndToEndIT.Run;
import dev.stackctl.TestHost;
import dev.stackctl.engine.ExternalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The scaled topology on the real engine through the real CLI: {@code up --topology scaled --replicas 3}
 * (collector, three API replicas behind nginx, TimescaleDB, Redis) verified with the replicas check;
 * {@code status} shows every replica; one API replica killed (SIGKILL), requests through nginx go to the
 * others within seconds and to it again once the engine restarted it; {@code verify --chaos} (every service
 * killed, the collector and the API replica holding the most WebSocket clients among them); the browser test
 * of the scaled stack (a page through nginx whose replica is killed); {@code down --volumes --yes}.
 * Without a Docker engine it fails, it never skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledStackEndToEndIT {
    private static final String PROJECT = "stackctl-scaled-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static int frontendPort;
    private static int backendPort;

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty("stackctl.root", TestProject.root().toString());
        frontendPort = freePort();
        backendPort = freePort();
    }

    @AfterAll
    static void tearDown() {
        Run down = StackEndToEndIT.stackctl("down", "--topology", "scaled", "--project-name", PROJECT, "--volumes", "--yes");
        assertThat(down.exitCode()).as(down.describe()).isZero();
        assertThat(docker("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).stdout()).isBlank();
        assertThat(docker("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT).stdout())
                .as("volumes left after down --volumes").isBlank();
    }

    @Test
    @Order(1)
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void upScaledStartsACollectorAndThreeReplicasBehindNginx() throws IOException {
        Run r = StackEndToEndIT.stackctl("up", "--airgap", "--topology", "scaled", "--replicas", "3", "--project-name", PROJECT,
                "--frontend-port", Integer.toString(frontendPort), "--backend-port", Integer.toString(backendPort), "--output", "json",
                "--timeout", "90s");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(ids(report)).containsExactly("services", "healthy", "http-through-proxy", "replicas-through-proxy",
                "websocket-through-proxy", "data-stores", "matches-model");
        String replicas = check(report, "replicas-through-proxy").get("evidence").asText();
        java.nio.file.Files.createDirectories(Path.of("target/e2e"));
        java.nio.file.Files.writeString(Path.of("target/e2e/scaled-up.json"), r.out());
        assertThat(replicas).contains("of 3 api replicas");
        assertThat(check(report, "services").get("evidence").asText()).contains("api=running");
        assertThat(apiContainers()).hasSize(3);
    }

    @Test
    @Order(2)
    void statusShowsEveryReplica() {
        Run r = StackEndToEndIT.stackctl("status", "--topology", "scaled", "--project-name", PROJECT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).contains("api.1", "api.2", "api.3", "collector", "frontend", "redis", "timescaledb");
    }

    /** A replica killed: within a few seconds every request through nginx is answered by another one. */
    @Test
    @Order(3)
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aKilledReplicaStopsGettingRequestsWithinSeconds() throws Exception {
        List<String> apis = apiContainers();
        String victim = apis.get(0);
        String victimId = docker("docker", "inspect", "-f", "{{.Config.Hostname}}", victim).stdout().strip();
        long pid = Long.parseLong(docker("docker", "inspect", "-f", "{{.State.Pid}}", victim).stdout().strip());
        // SIGKILL from the host, as a crash: `docker kill` would count as a stop and the restart policy would leave it down
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).as("SIGKILL to pid %d", pid).contains(true);
        long t0 = System.nanoTime();
        double lastFailure = -1;
        Set<String> answeredBy = new TreeSet<>();
        for (int i = 0; i < 80; i++) {
            double at = (System.nanoTime() - t0) / 1e9;
            HttpResponse<String> resp = null;
            try {
                resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/health"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // counted as a failure below
            }
            if (resp == null || resp.statusCode() != 200) {
                lastFailure = at;
            } else if (at > 5) {
                answeredBy.add(resp.headers().firstValue("X-Replica-Id").orElse("?"));
            }
            Thread.sleep(100);
        }
        String figures = String.format(java.util.Locale.ROOT, "replica %s killed: last failed request through nginx at +%.1f s (-1: none); "
                + "answering after +5 s: %s%n", victim, lastFailure, answeredBy);
        java.nio.file.Files.writeString(Path.of("target/e2e/scaled-replica-kill.txt"), figures);
        System.out.print(figures);
        assertThat(lastFailure).as("last failed request through nginx, seconds after the kill").isLessThan(5.0);
        assertThat(answeredBy).as("replicas answering 5 s after the kill").hasSizeGreaterThanOrEqualTo(2).doesNotContain("?");
        // the engine restarts it (same container, same id); nginx, resolving the name per request, sends it requests again
        double back = -1;
        for (int round = 0; round < 120 && back < 0; round++) {
            for (int i = 0; i < 20 && back < 0; i++) {
                try {
                    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/health"))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 200 && victimId.equals(resp.headers().firstValue("X-Replica-Id").orElse(""))) {
                        back = (System.nanoTime() - t0) / 1e9;
                    }
                } catch (IOException e) {
                    // keep asking
                }
            }
            Thread.sleep(500);
        }
        String comeback = String.format(java.util.Locale.ROOT, "replica %s answers through nginx again at +%.1f s after its kill%n", victimId, back);
        java.nio.file.Files.writeString(Path.of("target/e2e/scaled-replica-kill.txt"), comeback, java.nio.file.StandardOpenOption.APPEND);
        System.out.print(comeback);
        assertThat(back).as("the restarted replica answers through nginx again").isPositive();
    }

    @Test
    @Order(4)
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void verifyWithChaosOnTheScaledStack() throws IOException {
        Run r = StackEndToEndIT.stackctl("verify", "--topology", "scaled", "--project-name", PROJECT, "--chaos", "--output", "json",
                "--timeout", "90s");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode report = JSON.readTree(r.out());
        for (JsonNode c : report.get("checks")) {
            assertThat(c.get("status").asText()).as("%s: %s", c.get("id"), c.get("evidence")).isEqualTo("passed");
        }
        String chaos = check(report, "restart-after-kill").get("evidence").asText();
        System.out.println("verify --chaos on the scaled stack: " + chaos);
        java.nio.file.Files.writeString(Path.of("target/e2e/scaled-chaos.txt"), chaos + System.lineSeparator());
        assertThat(chaos).contains("collector: SIGKILL", "writing resumed", "api replica ", "each reconnected by itself with a new snapshot",
                "on every connection a snapshot came first and seq never went back", "from a minute before the kills: 0");
    }

    /**
     * The browser test of the scaled stack (frontend/browser-test/scaled.mjs, Chromium through this stack's
     * nginx): the replica holding the page's market socket killed, the page says reconnecting, then live,
     * and shows the same board as a fresh page.
     */
    @Test
    @Order(5)
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aPageThroughNginxSurvivesTheKillOfItsReplica() throws IOException {
        Path frontend = TestProject.root().resolve("frontend");
        assertThat(frontend.resolve("node_modules/playwright-core")).as("playwright-core for the browser test: run ./mvnw -pl frontend verify (npm ci) first")
                .isDirectory();
        // every replica healthy again after the kills of the earlier tests
        for (int i = 0; i < 60; i++) {
            List<String> apis = apiContainers();
            if (apis.size() == 3 && apis.stream().allMatch(c -> docker("docker", "inspect", "-f", "{{.State.Health.Status}}", c).stdout().strip().equals("healthy"))) {
                break;
            }
            sleepQuietly(1000);
        }
        List<String> replicas = new ArrayList<>();
        for (String c : apiContainers()) {
            String ip = docker("docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", c).stdout().strip();
            replicas.add(ip + ":8000:" + c);
        }
        ExternalProcess.Result r = new ExternalProcess(List.of("node", "browser-test/scaled.mjs"), frontend,
                Map.of("STACK_URL", "http://127.0.0.1:" + frontendPort, "STACK_API_REPLICAS", String.join(",", replicas)),
                Duration.ofMinutes(3)).run();
        System.out.println(r.stdout());
        java.nio.file.Files.writeString(Path.of("target/e2e/scaled-browser.txt"), r.stdout() + r.stderr());
        assertThat(r.exitCode()).as("scaled browser test:%n%s%n%s", r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout()).contains("scaled browser test: 3 passed, 0 failed");
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> apiContainers() {
        String out = docker("docker", "ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT,
                "--filter", "label=com.docker.compose.service=api").stdout().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) return c;
        }
        throw new AssertionError("no check " + id + " in " + report);
    }

    private static List<String> ids(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("checks").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static ExternalProcess.Result docker(String... command) {
        return TestHost.run(List.of(command), Duration.ofSeconds(30));
    }
}
