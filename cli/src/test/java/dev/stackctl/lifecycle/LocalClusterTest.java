package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackctl.engine.SwarmCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.stack.SwarmStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the local cluster: --nodes bounds, names and labels, parsing the docker CLI's answers, the images pushed. */
class LocalClusterTest {
    @Test
    void nodesOutsideOneToFiveIsAUsageErrorNamingTheOption() {
        for (int bad : new int[] {0, -1, ClusterUp.MAX_NODES + 1}) {
            assertThatThrownBy(() -> ClusterUp.checkNodes(bad)).isInstanceOfSatisfying(StackctlException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(e.getMessage()).contains("--nodes", "between 1 and " + ClusterUp.MAX_NODES, "got " + bad).doesNotContain("\n");
                assertThat(e.hint()).contains("--nodes 3");
            });
        }
        assertThat(ClusterUp.checkNodes(1)).isEqualTo(1);
        assertThat(ClusterUp.checkNodes(ClusterUp.MAX_NODES)).isEqualTo(ClusterUp.MAX_NODES);
    }

    @Test
    void everythingIsNamedAfterTheClusterAndTheNodesTrustOnlyItsRegistry() {
        LocalCluster c = new LocalCluster("ci-1");
        assertThat(c.network()).isEqualTo("ci-1-net");
        assertThat(c.node(2)).isEqualTo("ci-1-node-2");
        assertThat(c.volume(2)).isEqualTo("ci-1-node-2-docker");
        assertThat(c.registry()).isEqualTo("ci-1-registry");
        assertThat(c.registryAddress()).isEqualTo("ci-1-registry:5000");
        assertThat(c.dockerHost(3)).containsOnlyKeys("DOCKER_HOST");
        assertThat(c.dockerHost(3).get("DOCKER_HOST")).startsWith("unix:///").endsWith("/stackctl-cluster-ci-1/node-3/docker.sock");
        // a Unix socket path has at most 107 bytes: the longest name must fit
        assertThat(new LocalCluster("a".repeat(20)).dockerHost(LocalCluster.number("x-node-" + ClusterUp.MAX_NODES)).get("DOCKER_HOST").length() - "unix://".length())
                .isLessThan(108);
        assertThat(c.nameFlag()).isEqualTo(" --name ci-1");
        assertThat(new LocalCluster(LocalCluster.DEFAULT_NAME).nameFlag()).isEmpty();
    }

    @Test
    void aNameThatIsNoDockerNameIsAUsageError() {
        for (String bad : new String[] {"", "Upper", "1st", "under_score", "a".repeat(21), "dot.ted"}) {
            assertThatThrownBy(() -> new LocalCluster(bad)).as(bad).isInstanceOfSatisfying(StackctlException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    @Test
    void nodesSortByNumberAndOnlyTheClustersOwnCount() {
        LocalCluster c = new LocalCluster("st");
        var found = new LocalCluster.Found(Map.of("st-node-10", "running", "st-node-2", "running", "st-registry", "running", "st-node-1", "exited"),
                List.of("st-node-1-docker"), List.of("st-net"));
        assertThat(found.nodes(c)).containsExactly("st-node-1", "st-node-2", "st-node-10");
        assertThat(found.count()).isEqualTo(6);
        assertThat(found.empty()).isFalse();
        assertThat(new LocalCluster.Found(Map.of(), List.of(), List.of()).empty()).isTrue();
    }

    @Test
    void aStoppedWorkerLeavesTheClusterReachableAStoppedManagerOrRegistryDoesNot() {
        LocalCluster c = new LocalCluster("st");
        var workerLost = new LocalCluster.Found(Map.of("st-node-1", "running", "st-node-2", "exited", "st-node-3", "running", "st-registry", "running"),
                List.of(), List.of("st-net"));
        assertThat(workerLost.reachable(c)).isTrue();
        assertThat(workerLost.runningNodes(c)).containsExactly("st-node-1", "st-node-3");
        var managerLost = new LocalCluster.Found(Map.of("st-node-1", "exited", "st-node-2", "running", "st-registry", "running"), List.of(), List.of());
        assertThat(managerLost.reachable(c)).isFalse();
        var registryLost = new LocalCluster.Found(Map.of("st-node-1", "running", "st-registry", "exited"), List.of(), List.of());
        assertThat(registryLost.reachable(c)).isFalse();
        assertThat(new LocalCluster.Found(Map.of(), List.of(), List.of()).reachable(c)).isFalse();
    }

    @Test
    void replicasAreCountedFromTheTasksMeantToRunNotFromServiceLsAfterANodeLoss() {
        // docker service ls said api 4/3 after node 3 was lost: its old task still counted as running
        var services = List.of(new SwarmCli.ServiceState("s_api", 4, 3), new SwarmCli.ServiceState("s_frontend", 1, 1));
        var tasks = List.of(new SwarmCli.Task("s_api.1", "n-1", "Running 2 minutes ago", ""), new SwarmCli.Task("s_api.2", "n-2", "Running 2 minutes ago", ""),
                new SwarmCli.Task("s_api.3", "n-2", "Running 5 seconds ago", ""), new SwarmCli.Task("s_frontend.1", "n-2", "Starting 1 second ago", ""));
        assertThat(SwarmRun.countedFromTasks(services, tasks)).containsExactly(new SwarmCli.ServiceState("s_api", 3, 3),
                new SwarmCli.ServiceState("s_frontend", 0, 1));
    }

    @Test
    void anEmptyLastColumnOfTheLastLineIsKept() {
        // docker node ls: the workers' MANAGER column is empty; stripping the whole answer dropped the last node
        List<String> lines = LocalCluster.lines("n-1\tReady\tActive\tLeader\nn-2\tReady\tActive\t\nn-3\tReady\tActive\t\n");
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(4));
        assertThat(LocalCluster.lines("\n\n")).isEmpty();
        assertThat(LocalCluster.plural(1, "node")).isEqualTo("1 node");
        assertThat(LocalCluster.plural(3, "node")).isEqualTo("3 nodes");
    }

    @Test
    void theStacksImagesArePulledFromTheClustersRegistryByTheirLocalNames() {
        List<ClusterImages.Image> images = ClusterImages.of(SwarmStack.definition());
        assertThat(images).extracting(ClusterImages.Image::variable).containsExactly("TIMESCALEDB_IMAGE", "REDIS_IMAGE", "BACKEND_IMAGE", "FRONTEND_IMAGE");
        assertThat(images).extracting(ClusterImages.Image::local).allSatisfy(i -> assertThat(i).startsWith("stackctl/"));
        Map<String, String> env = ClusterImages.env(images, "st-registry:5000");
        assertThat(env).containsEntry("REDIS_IMAGE", "st-registry:5000/stackctl/redis:8.0").hasSize(4);
    }

    @Test
    void theDataStoresPlacementLabelsAreTheOnesClusterUpPutsOnNodeOne() {
        assertThat(SwarmRun.placementLabels(SwarmStack.definition())).containsExactly("stock-tracker.pgdata", "stock-tracker.redis-data");
    }
}
