package dev.stackctl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Swarm-only parts of the model refuse what an orchestrator would refuse, with the field and the fix. */
class OrchestratorFieldsTest {

    @Test
    void restartConditionsUseTheComposeNames() {
        assertThat(DeployRestartPolicy.Condition.fromCompose("on-failure")).isEqualTo(DeployRestartPolicy.Condition.ON_FAILURE);
        assertThat(DeployRestartPolicy.Condition.ANY.composeName()).isEqualTo("any");
        assertThatThrownBy(() -> DeployRestartPolicy.Condition.fromCompose("always")).hasMessageContaining("none, on-failure or any");
        assertThatThrownBy(() -> new DeployRestartPolicy(null, null, null, null)).hasMessageContaining("condition");
        assertThatThrownBy(() -> new DeployRestartPolicy(DeployRestartPolicy.Condition.ANY, Duration.ofSeconds(-1), null, null))
                .hasMessageContaining("restart_policy.delay must not be negative");
    }

    @Test
    void updateConfigChecksItsRanges() {
        assertThat(UpdateConfig.Order.fromCompose("start-first")).isEqualTo(UpdateConfig.Order.START_FIRST);
        assertThat(UpdateConfig.FailureAction.ROLLBACK.composeName()).isEqualTo("rollback");
        assertThatThrownBy(() -> new UpdateConfig(-1, null, null, null, null, null)).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> new UpdateConfig(1, null, null, null, 1.5, null)).hasMessageContaining("max_failure_ratio");
        assertThatThrownBy(() -> UpdateConfig.Order.fromCompose("first")).hasMessageContaining("stop-first or start-first");
    }

    @Test
    void aRollbackCannotRollBackAndGlobalModeHasNoReplicas() {
        UpdateConfig rollback = new UpdateConfig(1, null, UpdateConfig.FailureAction.ROLLBACK, null, null, null);
        assertThatThrownBy(() -> new Deploy(null, null, null, null, null, null, rollback, null))
                .hasMessageContaining("rollback_config.failure_action cannot be rollback");
        assertThatThrownBy(() -> new Deploy(Deploy.Mode.GLOBAL, 2, null, null, null, null, null, null)).hasMessageContaining("global mode");
    }

    @Test
    void placementNeedsComparisons() {
        assertThat(Placement.onNodeLabel("stock-tracker.pgdata", "true").constraints()).containsExactly("node.labels.stock-tracker.pgdata == true");
        assertThatThrownBy(() -> new Placement(List.of("node.role"), null, null)).hasMessageContaining("needs == or !=");
        assertThatThrownBy(() -> new Placement(null, null, 0)).hasMessageContaining("max_replicas_per_node");
        // an empty placement is the same as none, so a round trip cannot tell them apart
        assertThat(new Deploy(null, null, null, null, null, null, null, Placement.UNSET).placement()).isNull();
    }

    @Test
    void secretsAndConfigsComeFromAFileOrExist() {
        assertThatThrownBy(() -> new FileObject("pw", null, false, null)).hasMessageContaining("exactly one of file:, environment:, content: or external: true");
        assertThatThrownBy(() -> new FileObject("pw", "./pw", true, null)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new FileReference("pw", null, null, null, 01000)).hasMessageContaining("not a file mode");
        assertThatThrownBy(() -> new Stack(null, List.of(), null, null, List.of(FileObject.fromFile("a", "x"), FileObject.fromFile("a", "y")), null))
                .hasMessageContaining("duplicate secret 'a'");
    }

    @Test
    void aServiceKeepsEveryDeployFieldThroughItsBuilder() {
        Service s = Service.builder("api").image(Interpolated.literal("api:1"))
                .replicas(3).endpointMode(Deploy.EndpointMode.DNSRR)
                .restartPolicy(DeployRestartPolicy.any(Duration.ofSeconds(1)))
                .updateConfig(UpdateConfig.oneAtATime(UpdateConfig.Order.START_FIRST, Duration.ofSeconds(2), Duration.ofSeconds(10), UpdateConfig.FailureAction.ROLLBACK))
                .placement(Placement.onNodeLabel("a", "b"))
                .secrets(List.of(FileReference.of("pw"))).build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.deploy().hasOrchestratorFields()).isTrue();
        assertThat(new Deploy(3, null).hasOrchestratorFields()).isFalse();
    }
}
