package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.stack.SwarmStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The committed generated/swarm/stack.yml as Docker's own stack loader reads it: {@code docker stack config}
 * (the CLI's compose v3 schema and conversion, the same as {@code docker stack deploy}'s; it needs no swarm).
 * Without the docker CLI it fails, it never skips.
 */
class SwarmStackFileIT {
    private static final Path STACK = TestProject.root().resolve("generated").resolve(SwarmStack.DIRECTORY).resolve(SwarmStack.STACK_FILE);

    static ExternalProcess.Result stackConfig(Path file) throws IOException {
        return new ExternalProcess(List.of("docker", "stack", "config", "-c", file.getFileName().toString()), file.getParent(),
                Map.of(), Duration.ofSeconds(30)).run();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dockerStackConfigAcceptsTheStackFileAndKeepsWhatSwarmNeeds() throws IOException {
        ExternalProcess.Result r = stackConfig(STACK);
        assertThat(r.exitCode()).as("docker stack config -c %s:%n%s", STACK, r.stderr()).isZero();
        assertThat(r.stderr()).as("no option ignored by the loader").doesNotContain("Ignoring", "unsupported");
        Map<String, Object> config = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(r.stdout());
        assertThat(config.get("version")).as("read as the newest stack file schema").isEqualTo("3.13");
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
        assertThat(services).containsOnlyKeys("timescaledb", "redis", "collector", "api", "frontend");
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            Map<String, Object> deploy = (Map<String, Object>) s.getValue().get("deploy");
            assertThat(deploy).as(s.getKey()).containsEntry("endpoint_mode", "dnsrr").containsKeys("restart_policy", "update_config", "resources");
            assertThat(s.getValue()).as(s.getKey()).doesNotContainKeys("build", "depends_on", "container_name", "restart", "tmpfs");
        }
        List<Map<String, Object>> ports = (List<Map<String, Object>>) services.get("frontend").get("ports");
        assertThat(ports).singleElement().satisfies(p -> assertThat(p).containsEntry("mode", "host").containsEntry("published", 80));
        Map<String, Map<String, Object>> secrets = (Map<String, Map<String, Object>>) config.get("secrets");
        assertThat(secrets).containsOnlyKeys("postgres_password", "redis_password");
        assertThat(secrets.get("postgres_password").get("file").toString()).endsWith("generated/swarm/secrets/postgres_password");
    }

    @Test
    void theLoaderRejectsWhatTheStackFileMustNotHave(@TempDir Path dir) throws IOException {
        // guards the test above: pull_policy is valid compose but not in the stack file schema
        Path bad = dir.resolve("stack.yml");
        Files.writeString(bad, Files.readString(STACK).replaceFirst("(?m)^    user: postgres$", "    user: postgres\n    pull_policy: never"));
        ExternalProcess.Result r = stackConfig(bad);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("pull_policy");
    }
}
