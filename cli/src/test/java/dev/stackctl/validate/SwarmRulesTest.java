package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swarm rules: when they apply, what they leave alone, and that the swarm stack passes them all. */
class SwarmRulesTest {
    private static final RuleContext SWARM = RuleContext.defaults().withTarget(RuleContext.Orchestrator.SWARM, false);
    private static final String COMPOSE_STYLE = """
            services:
              db: {image: "x/db:1"}
              app:
                build: .
                image: "x/app:1"
                container_name: app
                restart: unless-stopped
                depends_on: [db]
                ports: ["8080:80"]
                deploy: {placement: {constraints: ["node.role == manager"]}}
            """;

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.path()).toList();
    }

    @Test
    void forSwarmAComposeStyleFileGetsEverySwarmFinding() {
        List<Finding> found = Validator.standard().validateFile(COMPOSE_STYLE, SWARM);
        assertThat(ids(found)).filteredOn(id -> id.startsWith("swarm-")).containsExactlyInAnyOrder(
                "swarm-needs-ipvs services.app.deploy.endpoint_mode", "swarm-needs-ipvs services.app.ports[0]",
                "swarm-needs-ipvs services.db.deploy.endpoint_mode", "swarm-depends-on services.app.depends_on",
                "swarm-container-name services.app.container_name", "swarm-restart-ignored services.app.restart");
        // what swarm reads is no ignored key there; what a stack file cannot set is not asked for
        assertThat(ids(found)).noneMatch(id -> id.startsWith("ignored-key") || id.startsWith("no-new-privileges")
                || id.startsWith("build-image-pull-policy"));
    }

    @Test
    void forComposeTheSameFileGetsNoSwarmFinding() {
        List<Finding> found = Validator.standard().validateFile(COMPOSE_STYLE, RuleContext.defaults());
        assertThat(ids(found)).noneMatch(id -> id.startsWith("swarm-"))
                .contains("ignored-key services.app.deploy.placement", "build-image-pull-policy services.app.image");
        assertThat(ids(found)).anyMatch(id -> id.startsWith("no-new-privileges"));
    }

    @Test
    void withIpvsTheRoutingMeshIsFine() {
        List<Finding> found = Validator.standard().validateFile(COMPOSE_STYLE, RuleContext.defaults().withTarget(RuleContext.Orchestrator.SWARM, true));
        assertThat(ids(found)).noneMatch(id -> id.startsWith("swarm-needs-ipvs")).contains("swarm-depends-on services.app.depends_on");
    }

    @Test
    void theSwarmStackModelHasNoFindingsAtAll() {
        assertThat(FindingsPolicy.strict().apply(Validator.standard().validate(SwarmStack.definition().stack(), SWARM))).isEmpty();
    }

    @Test
    void theCommittedStackFileHasNoFindingsAndTheScaledComposeFileTheExpectedOnes() throws IOException {
        Path generated = TestProject.layout().generated();
        String stack = Files.readString(generated.resolve("swarm/stack.yml"));
        assertThat(Validator.standard().validateFile(stack, SWARM)).isEmpty();
        String scaled = Files.readString(generated.resolve("scaled/docker-compose.yml"));
        List<Finding> found = Validator.standard().validateFile(scaled, SWARM);
        int services = StockTrackerStack.define(StackOptions.DEFAULTS.withTopology(Topology.SCALED, 3)).services().size();
        assertThat(found).filteredOn(f -> f.ruleId().equals("swarm-restart-ignored")).hasSize(services);
        assertThat(found).filteredOn(f -> f.ruleId().equals("swarm-depends-on")).extracting(Finding::path)
                .containsExactlyInAnyOrder("services.collector.depends_on", "services.api.depends_on", "services.frontend.depends_on");
        assertThat(found).filteredOn(f -> f.ruleId().equals("swarm-needs-ipvs")).hasSize(services + 2); // vip everywhere, 2 ingress ports
    }
}
