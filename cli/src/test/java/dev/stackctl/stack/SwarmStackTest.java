package dev.stackctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swarm stack is the scaled stack's services with what swarm needs instead of what it ignores. */
class SwarmStackTest {
    private final Stack swarm = SwarmStack.definition().stack();
    private final Stack scaled = StockTrackerStack.define(StackOptions.DEFAULTS.withTopology(Topology.SCALED, StackOptions.DEFAULT_REPLICAS));

    @Test
    void theSameServicesAsTheScaledStackFromTheSameParts() {
        assertThat(swarm.serviceNames()).isEqualTo(scaled.serviceNames());
        assertThat(swarm.name()).as("a stack file carries no name: docker stack deploy takes it").isNull();
        for (Service s : swarm.services()) {
            Service c = scaled.service(s.name()).orElseThrow();
            assertThat(s.image()).as(s.name()).isEqualTo(c.image());
            assertThat(s.process().user()).as(s.name()).isEqualTo(c.process().user());
            assertThat(s.process().stopGracePeriod()).as(s.name()).isEqualTo(c.process().stopGracePeriod());
            assertThat(s.security().readOnly()).as(s.name()).isTrue();
            assertThat(s.security().capDrop()).as(s.name()).isEqualTo(c.security().capDrop());
            assertThat(s.security().ulimits()).as(s.name()).isEqualTo(c.security().ulimits());
            assertThat(s.security().pidsLimit()).as(s.name()).isEqualTo(c.security().pidsLimit());
            assertThat(s.deploy().replicas()).as(s.name()).isEqualTo(c.deploy().replicas());
            assertThat(s.deploy().resources().memoryLimit()).as(s.name()).isEqualTo(c.deploy().resources().memoryLimit());
            assertThat(s.networks()).as(s.name()).isEqualTo(c.networks());
            if (!s.name().equals(StockTrackerStack.REDIS)) {
                assertThat(s.healthcheck()).as(s.name()).isEqualTo(c.healthcheck());
                assertThat(s.process().command()).as(s.name()).isEqualTo(c.process().command());
            }
            // every variable of the compose service is there, a secret one as its _FILE
            for (EnvVar e : c.process().environment()) {
                boolean secret = e.value() != null && e.value().references().stream().anyMatch(Interpolated.Ref::required);
                assertThat(s.env(secret ? e.name() + "_FILE" : e.name())).as("%s: %s", s.name(), e.name()).isPresent();
            }
        }
    }

    @Test
    void nothingSwarmIgnoresOrRefuses() {
        for (Service s : swarm.services()) {
            assertThat(s.build()).as(s.name()).isNull();
            assertThat(s.pullPolicy()).as(s.name()).isNull();
            assertThat(s.containerName()).as(s.name()).isNull();
            assertThat(s.restart()).as(s.name()).isNull();
            assertThat(s.dependsOn()).as(s.name()).isEmpty();
            assertThat(s.tmpfs()).as("%s: service-level tmpfs (swarm ignores it)", s.name()).isEmpty();
            assertThat(s.security().securityOpt()).as(s.name()).isEmpty();
            assertThat(s.volumes()).as(s.name()).noneMatch(v -> v.type() == VolumeMount.Type.BIND);
            assertThat(s.ports()).as(s.name()).allMatch(p -> p.mode() == PortBinding.Mode.HOST && p.hostIp() == null);
        }
        assertThat(swarm.networks()).allMatch(n -> n.driver().equals("overlay"));
    }

    @Test
    void everyServiceHasTheOrchestratorsSettings() {
        for (Service s : swarm.services()) {
            Deploy d = s.deploy();
            assertThat(d.endpointMode()).as("%s: no IPVS here, so no virtual IP", s.name()).isEqualTo(Deploy.EndpointMode.DNSRR);
            assertThat(d.restartPolicy().condition()).as(s.name()).isEqualTo(DeployRestartPolicy.Condition.ANY);
            assertThat(d.restartPolicy().maxAttempts()).as(s.name()).isNull();
            assertThat(d.resources().memoryReservation()).as(s.name()).isNotNull();
            assertThat(d.resources().memoryReservation().compareTo(d.resources().memoryLimit())).as(s.name()).isNegative();
            assertThat(d.updateConfig().failureAction()).as(s.name()).isEqualTo(UpdateConfig.FailureAction.ROLLBACK);
            assertThat(d.rollbackConfig()).as(s.name()).isNotNull();
            assertThat(s.healthcheck()).as(s.name()).isNotNull();
            UpdateConfig.Order expected = s.name().equals(StockTrackerStack.API) ? UpdateConfig.Order.START_FIRST : UpdateConfig.Order.STOP_FIRST;
            assertThat(d.updateConfig().order()).as(s.name()).isEqualTo(expected);
            assertThat(d.rollbackConfig().order()).as(s.name()).isEqualTo(expected);
        }
        assertThat(swarm.service("timescaledb").orElseThrow().deploy().placement().constraints())
                .containsExactly("node.labels.stock-tracker.pgdata == true");
        assertThat(swarm.service("redis").orElseThrow().deploy().placement().constraints())
                .containsExactly("node.labels.stock-tracker.redis-data == true");
        assertThat(swarm.service("api").orElseThrow().deploy().placement().spreadPreferences()).containsExactly("node.id");
        assertThat(swarm.service("frontend").orElseThrow().ports()).singleElement().satisfies(p -> assertThat(p.target()).isEqualTo(8080));
        assertThat(swarm.service("collector").orElseThrow().ports()).as("its operator port is loopback-only: no stack file equivalent").isEmpty();
    }

    @Test
    void passwordsAreSecretFilesNeverEnvironmentValues() {
        assertThat(swarm.secrets()).extracting(FileObject::key).containsExactly("postgres_password", "redis_password");
        assertThat(swarm.secrets()).extracting(FileObject::file).containsExactly("./secrets/postgres_password", "./secrets/redis_password");
        assertThat(swarm.requiredVariables()).as("no ${X:?} left: nothing to put in an environment").isEmpty();
        for (Service s : swarm.services()) {
            for (EnvVar e : s.process().environment()) {
                assertThat(e.name()).as(s.name()).doesNotMatch(".*PASSWORD");
                if (e.name().endsWith("PASSWORD_FILE")) {
                    String file = e.value().toString();
                    assertThat(file).startsWith("/run/secrets/");
                    assertThat(s.secrets()).extracting(FileReference::source).contains(file.substring("/run/secrets/".length()));
                }
            }
        }
        Service redis = swarm.service("redis").orElseThrow();
        assertThat(String.join(" ", redis.process().command())).contains("redis-server - ", "requirepass $$(cat \"$$REDIS_PASSWORD_FILE\")")
                .doesNotContain("--requirepass");
        assertThat(redis.healthcheck().toString()).contains("REDISCLI_AUTH").doesNotContain(" -a ");
    }

    @Test
    void nginxConfIsASwarmConfig() {
        assertThat(swarm.configs()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("nginx_conf");
            assertThat(c.file()).isEqualTo("./nginx.conf");
        });
        assertThat(swarm.service("frontend").orElseThrow().configs()).containsExactly(FileReference.at("nginx_conf", "/etc/nginx/nginx.conf"));
        assertThat(swarm.service("frontend").orElseThrow().volumes()).extracting(VolumeMount::type).containsOnly(VolumeMount.Type.TMPFS);
    }

    @Test
    void replicasFollowTheOptions() {
        Stack five = SwarmStack.definition(StackOptions.DEFAULTS.withTopology(Topology.SINGLE, 5)).stack();
        assertThat(five.service("api").orElseThrow().deploy().replicas()).isEqualTo(5);
        assertThat(SwarmStack.definition(StackOptions.DEFAULTS.withPublishDatabases(true)).stack().services())
                .as("databases are never published from a stack file (no loopback-only ports there)")
                .allMatch(s -> s.name().equals("frontend") || s.ports().isEmpty());
        assertThat(List.of(SwarmStack.definition().stackFile(), SwarmStack.definition().directory())).containsExactly("stack.yml", "swarm");
    }
}
