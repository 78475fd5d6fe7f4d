package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Deploy;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.compose.ComposeReader;
import org.junit.jupiter.api.Test;

/** Every Swarm field the model has is read from a file and written back the same, key for key. */
class OrchestratorRoundTripTest {
    static final String FILE = """
            services:
              api:
                image: api:1.0
                ports:
                  - target: 8080
                    published: "80"
                    protocol: tcp
                    mode: host
                secrets:
                  - db_password
                  - source: api_key
                    target: /run/secrets/key
                    uid: "10001"
                    gid: "10001"
                    mode: 256
                configs:
                  - source: nginx_conf
                    target: /etc/nginx/nginx.conf
                deploy:
                  mode: replicated
                  replicas: 3
                  endpoint_mode: dnsrr
                  resources:
                    limits:
                      memory: 512M
                      cpus: "1.5"
                    reservations:
                      memory: 256M
                      cpus: "0.25"
                  restart_policy:
                    condition: any
                    delay: 1s
                    max_attempts: 5
                    window: 30s
                  update_config:
                    parallelism: 1
                    delay: 2s
                    failure_action: rollback
                    monitor: 10s
                    max_failure_ratio: 0.1
                    order: start-first
                  rollback_config:
                    parallelism: 0
                    failure_action: pause
                    order: stop-first
                  placement:
                    constraints: [node.labels.zone == a, node.role != manager]
                    preferences:
                      - spread: node.labels.zone
                    max_replicas_per_node: 2
            secrets:
              db_password:
                file: ./secrets/db_password
              api_key:
                name: prod_api_key
                external: true
            configs:
              nginx_conf:
                name: nginx_conf_1a2b3c
                file: ./nginx.conf
            """;

    @Test
    void readThenWrittenIsTheSameFile() {
        ComposeReader.Result read = ComposeReader.read(FILE);
        // compose ignores the Swarm-only settings, and the reader says so (ignored-key); nothing else is reported
        assertThat(read.problems()).filteredOn(p -> !p.ruleId().equals(dev.stackctl.compose.KeyCheck.IGNORED)).isEmpty();
        String written = new ComposeWriter("").write(read.stack());
        assertThat(ComposeReader.read(written).stack()).isEqualTo(read.stack());
        Service api = read.stack().service("api").orElseThrow();
        assertThat(api.deploy().updateConfig().order()).isEqualTo(UpdateConfig.Order.START_FIRST);
        assertThat(api.deploy().endpointMode()).isEqualTo(Deploy.EndpointMode.DNSRR);
        assertThat(api.deploy().placement().spreadPreferences()).containsExactly("node.labels.zone");
        assertThat(api.ports().get(0).mode()).isEqualTo(PortBinding.Mode.HOST);
        assertThat(api.secrets().get(1).mode()).isEqualTo(0400);
        assertThat(read.stack().secrets().get(1).external()).isTrue();
        assertThat(written).contains("mode: host", "order: start-first", "max_replicas_per_node: 2", "name: nginx_conf_1a2b3c");
        assertThat(ComposeSchemaTest.errors(written)).isEmpty();
    }

    @Test
    void badOrchestratorValuesAreFindingsAtTheirPath() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  api:
                    image: api:1.0
                    ports: [{target: 80, mode: mesh}]
                    deploy:
                      endpoint_mode: round-robin
                      restart_policy: {condition: always}
                      update_config: {order: first}
                      rollback_config: {failure_action: rollback}
                      placement: {constraints: [node.role]}
                """);
        assertThat(read.problems()).filteredOn(p -> !p.ruleId().equals(dev.stackctl.compose.KeyCheck.IGNORED))
                .extracting(f -> f.path() + " " + f.message()).containsExactlyInAnyOrder(
                "services.api.ports[0] port mode 'mesh' is not host or ingress",
                "services.api.deploy.endpoint_mode 'round-robin' is not an endpoint mode; use vip or dnsrr",
                "services.api.deploy.restart_policy 'always' is not a restart condition; use none, on-failure or any",
                "services.api.deploy.update_config 'first' is not an update order; use stop-first or start-first",
                "services.api.deploy.placement placement constraint 'node.role' needs == or !=, e.g. node.role == manager",
                "services.api.deploy.rollback_config.failure_action a rollback cannot roll back; use continue or pause");
    }
}
