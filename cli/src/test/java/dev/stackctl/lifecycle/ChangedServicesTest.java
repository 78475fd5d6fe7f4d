package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Stack;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangedServicesTest {
    private static final Stack STACK = StockTrackerStack.define();
    private static final Map<String, String> HASHES = Map.of("timescaledb", "t2", "redis", "r1", "backend", "b1", "frontend", "f1");

    private static List<ChangedServices.Running> running(String dbHash) {
        return List.of(new ChangedServices.Running("timescaledb", dbHash, "running", true), new ChangedServices.Running("redis", "r1", "running", true),
                new ChangedServices.Running("backend", "b1", "running", true), new ChangedServices.Running("frontend", "f1", "running", true));
    }

    @Test
    void onlyTheServiceWhoseConfigurationChangedIsNamed() {
        assertThat(ChangedServices.only(STACK, HASHES, running("t1"))).containsExactly("timescaledb");
    }

    @Test
    void aServiceWhoseImageTagNowNamesAnotherImageIsNamedToo() {
        List<ChangedServices.Running> rebuilt = new ArrayList<>(running("t1"));
        rebuilt.set(1, new ChangedServices.Running("redis", "r1", "running", false));
        assertThat(ChangedServices.only(STACK, HASHES, rebuilt)).containsExactly("timescaledb", "redis");
        rebuilt.set(0, new ChangedServices.Running("timescaledb", "t2", "running", true));
        assertThat(ChangedServices.only(STACK, HASHES, rebuilt)).as("only the image changed").containsExactly("redis");
    }

    @Test
    void aChangedServiceWithDependenciesIsLeftToCompose() {
        List<ChangedServices.Running> backend = new ArrayList<>(running("t2"));
        backend.set(2, new ChangedServices.Running("backend", "b0", "running", true));
        assertThat(ChangedServices.only(STACK, HASHES, backend)).as("backend's limits changed").isEmpty();
        backend.set(2, new ChangedServices.Running("backend", "b1", "running", false));
        assertThat(ChangedServices.only(STACK, HASHES, backend)).as("backend's image rebuilt").isEmpty();
    }

    @Test
    void composeConvergesEverythingWhenItCannotBeNarrowed() {
        assertThat(ChangedServices.only(STACK, HASHES, running("t2"))).as("nothing changed").isEmpty();
        assertThat(ChangedServices.only(STACK, HASHES, List.of())).as("nothing runs yet").isEmpty();
        assertThat(ChangedServices.only(STACK, HASHES, running("t1").subList(0, 3))).as("a service has no container").isEmpty();
        List<ChangedServices.Running> stopped = new ArrayList<>(running("t1"));
        stopped.set(1, new ChangedServices.Running("redis", "r1", "exited", true));
        assertThat(ChangedServices.only(STACK, HASHES, stopped)).as("a container is not running").isEmpty();
        assertThat(ChangedServices.only(STACK, Map.of("timescaledb", "x", "redis", "x", "backend", "x", "frontend", "x"), running("t1")))
                .as("everything changed").isEmpty();
        List<ChangedServices.Running> orphan = new ArrayList<>(running("t1"));
        orphan.add(new ChangedServices.Running("grafana", "g1", "running", true));
        assertThat(ChangedServices.only(STACK, HASHES, orphan)).as("a service no longer in the model still runs").isEmpty();
        Stack scaled = StockTrackerStack.define(StackOptions.DEFAULTS.withTopology(Topology.SCALED, 3));
        assertThat(ChangedServices.only(scaled, Map.of("timescaledb", "t2", "redis", "r1", "collector", "c1", "api", "a1", "frontend", "f1"),
                List.of(new ChangedServices.Running("timescaledb", "t1", "running", true), new ChangedServices.Running("redis", "r1", "running", true),
                        new ChangedServices.Running("collector", "c1", "running", true), new ChangedServices.Running("api", "a1", "running", true),
                        new ChangedServices.Running("frontend", "f1", "running", true)))).as("2 api replicas missing").isEmpty();
    }

    @Test
    void readsComposesHashLines() {
        assertThat(ChangedServices.parseHashes("backend a87d\nfrontend 0d3f\n\n")).isEqualTo(Map.of("backend", "a87d", "frontend", "0d3f"));
    }
}
