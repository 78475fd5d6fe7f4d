package dev.stackctl.e2e;

import static dev.stackctl.TestHost.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.TestProject;
import dev.stackctl.command.Main;
import dev.stackctl.TestHost;
import dev.stackctl.engine.ExternalProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The whole stack on the real engine, through the real CLI: air-gapped base images, {@code up} from
 * generated/ with ports that cannot collide, {@code verify --chaos} with every criterion, a criterion
 * that must fail when the running stack drifts from the model, then {@code down --volumes}.
 * Without a Docker engine this test fails (exit code 4), it never skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackEndToEndIT {
    private static final String PROJECT = "stackctl-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int frontendPort;
    private static int backendPort;

    record Run(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Run stackctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty("stackctl.root", TestProject.root().toString());
        frontendPort = freePort();
        backendPort = freePort();
    }

    @AfterAll
    static void tearDown() {
        // the backend has written ticks: --volumes alone refuses and names --yes, and the stack is left as it was
        Run refused = stackctl("down", "--project-name", PROJECT, "--volumes");
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.err()).contains("stackctl: error: the database of " + PROJECT + " holds about ")
                .contains("rows; down --volumes would delete them").contains("pg_dump").contains("--volumes --yes");
        assertThat(docker(List.of("docker", "ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)).stdout())
                .as("containers still running after the refusal").isNotBlank();
        Run down = stackctl("down", "--project-name", PROJECT, "--volumes", "--yes");
        assertThat(down.exitCode()).as(down.describe()).isZero();
        ExternalProcess.Result volumes = docker(List.of("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT));
        assertThat(volumes.stdout()).as("volumes left after down --volumes").isBlank();
    }

    @Test
    @Order(1)
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void airGappedBaseImagesBuildOrComeFromTheCache() {
        Run r = stackctl("images", "build");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).contains("stackctl/timescaledb:2.19-pg17", "stackctl/redis:8.0", "stackctl/nginx:1.26", "stackctl/node:20", "stackctl/jre:21");
    }

    @Test
    @Order(2)
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void upStartsTheStackAndItsVerifyPasses() throws IOException {
        Path junit = Path.of("target/e2e/up-verify.xml");
        Run r = stackctl("up", "--airgap", "--project-name", PROJECT, "--frontend-port", Integer.toString(frontendPort),
                "--backend-port", Integer.toString(backendPort), "--output", "json", "--junit", junit.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("passed").asBoolean()).as(r.describe()).isTrue();
        assertThat(ids(report)).containsExactly("services", "healthy", "http-through-proxy", "websocket-through-proxy", "data-stores", "matches-model");
        for (JsonNode t : report.get("timeline")) {
            assertThat(t.get("health").asText()).isEqualTo("healthy");
            assertThat(t.get("healthySeconds").asDouble()).as("healthy within the 30 s bound of up, %s", t).isLessThan(90.0);
        }
        assertThat(r.err()).contains("backend", "healthy", "compose up returned");
        // up starts a service itself once its dependencies are healthy (not on compose's next poll):
        // never before, whoever started it (times from the engine: StartedAt and health_status events)
        Map<String, JsonNode> byService = new java.util.HashMap<>();
        report.get("timeline").forEach(t -> byService.put(t.get("service").asText(), t));
        for (String[] edge : new String[][] {{"backend", "timescaledb"}, {"backend", "redis"}, {"frontend", "backend"}}) {
            double started = byService.get(edge[0]).get("startedSeconds").asDouble();
            double dependencyHealthy = byService.get(edge[1]).get("healthySeconds").asDouble();
            assertThat(started).as("%s started at +%s s, before %s was healthy at +%s s\n%s", edge[0], started, edge[1], dependencyHealthy, r.err())
                    .isGreaterThanOrEqualTo(dependencyHealthy);
        }
        assertThat(junit).content().contains("name=\"matches-model\"").doesNotContain("<failure");

        // up again on the running stack: compose keeps the containers, and verification (which starts
        // with compose and ignores containers older than this up until compose returns) still passes
        Run again = stackctl("up", "--airgap", "--no-build", "--project-name", PROJECT, "--frontend-port", Integer.toString(frontendPort),
                "--backend-port", Integer.toString(backendPort), "--output", "json");
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(JSON.readTree(again.out()).get("passed").asBoolean()).as(again.describe()).isTrue();
        assertThat(again.err()).doesNotContain("building the application images");
    }

    @Test
    @Order(3)
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void verifyWithChaosProvesEveryCriterion() throws IOException {
        Run r = stackctl("verify", "--project-name", PROJECT, "--chaos", "--output", "json", "--junit", "target/e2e/verify-chaos.xml");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(ids(report)).containsExactly("services", "healthy", "http-through-proxy", "websocket-through-proxy", "data-stores",
                "matches-model", "restart-after-kill");
        for (JsonNode c : report.get("checks")) {
            assertThat(c.get("status").asText()).as("%s: %s", c.get("id"), c.get("evidence")).isEqualTo("passed");
        }
        String chaos = report.get("checks").get(6).get("evidence").asText();
        assertThat(chaos).contains("backend: SIGKILL", "redis: SIGKILL", "timescaledb: SIGKILL", "frontend: SIGKILL", "in flight at the kill",
                "committed before the kill", "reconnected by itself", "reads back intact", "writing resumed");
        assertThat(report.get("timeline").findValues("restarts")).allSatisfy(n -> assertThat(n.asInt()).isLessThanOrEqualTo(1));
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aContainerThatDriftsFromTheModelFailsItsCriterion() throws IOException {
        String backend = docker(List.of("docker", "ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT,
                "--filter", "label=com.docker.compose.service=backend")).stdout().strip();
        assertThat(backend).isNotBlank();
        ExternalProcess.Result update = docker(List.of("docker", "update", "--memory", "400m", "--memory-swap", "400m", "--pids-limit", "100", backend));
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        try {
            Run r = stackctl("verify", "--project-name", PROJECT, "--output", "json", "--timeout", "20s");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(6);
            JsonNode failed = failedCheck(JSON.readTree(r.out()));
            assertThat(failed.get("id").asText()).isEqualTo("matches-model");
            assertThat(failed.get("evidence").asText()).contains("backend: memory limit 419430400 B, model 671088640 B", "backend: pids limit 100, model 512");
        } finally {
            docker(List.of("docker", "update", "--memory", "640m", "--memory-swap", "640m", "--pids-limit", "512", backend));
        }
    }

    @Test
    @Order(5)
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void statusShowsEveryServiceWithItsLimit() {
        Run r = stackctl("status", "--project-name", PROJECT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).contains("SERVICE", "backend", "frontend", "redis", "timescaledb", "/ 640M", "/ 1G", "127.0.0.1:" + backendPort + "->8000");
    }

    private static ExternalProcess.Result docker(List<String> command) {
        return TestHost.run(command, Duration.ofSeconds(30));
    }

    private static List<String> ids(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("checks").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static JsonNode failedCheck(JsonNode report) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("status").asText().equals("failed")) return c;
        }
        throw new AssertionError("no failed check in " + report);
    }

    static {
        // Reports land under cli/target/e2e; make sure the folder exists for --junit.
        try {
            Files.createDirectories(Path.of("target/e2e"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
