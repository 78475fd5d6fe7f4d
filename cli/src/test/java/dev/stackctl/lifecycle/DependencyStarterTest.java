package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.lifecycle.DependencyStarter.Seen;
import dev.stackctl.lifecycle.DependencyStarter.Start;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.Stack;
import dev.stackctl.stack.StockTrackerStack;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyStarterTest {
    private static final Instant UP = Instant.parse("2026-11-27T06:00:00.500Z");
    private static final long AFTER_UP = UP.getEpochSecond() * 1_000_000_000L + UP.getNano() + 1_000_000;
    private final Stack stack = StockTrackerStack.define();

    private static Seen created(String service) {
        return new Seen("id-" + service, service, "created", "none", null);
    }

    private static Seen running(String service, String health) {
        return new Seen("id-" + service, service, "running", health, null);
    }

    private DependencyStarter startingPhase() {
        DependencyStarter s = new DependencyStarter(stack, UP);
        s.onEvent("start", AFTER_UP);
        return s;
    }

    private static List<String> services(List<Start> due) {
        return due.stream().map(Start::service).toList();
    }

    @Test
    void startsAServiceOnceEveryDependencyIsHealthyAndOnlyOnce() {
        DependencyStarter s = startingPhase();
        assertThat(s.due(List.of(running("timescaledb", "starting"), running("redis", "healthy"), created("backend"), created("frontend"))))
                .as("timescaledb still starting").isEmpty();
        List<Start> due = s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), created("backend"), created("frontend")));
        assertThat(due).containsExactly(new Start("backend", "id-backend", "timescaledb healthy, redis healthy"));
        assertThat(s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), created("backend"), created("frontend"))))
                .as("each container is tried once").isEmpty();
        assertThat(services(s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), running("backend", "healthy"), created("frontend")))))
                .containsExactly("frontend");
    }

    @Test
    void nothingStartsBeforeComposeBeganStartingContainersInThisUp() {
        List<Seen> ready = List.of(running("timescaledb", "healthy"), running("redis", "healthy"), created("backend"), created("frontend"));
        DependencyStarter s = new DependencyStarter(stack, UP);
        assertThat(s.due(ready)).as("no start event yet: compose may still be creating containers").isEmpty();
        s.onEvent("start", AFTER_UP - 2_000_000L);
        assertThat(s.due(ready)).as("a start before this up began is someone else's").isEmpty();
        s.onEvent("create", AFTER_UP);
        assertThat(s.due(ready)).isEmpty();
        s.onEvent("start", AFTER_UP);
        assertThat(services(s.due(ready))).containsExactly("backend");
    }

    @Test
    void nothingStartsWhileAServiceHasNoContainerYet() {
        DependencyStarter s = startingPhase();
        List<Seen> frontendMissing = List.of(running("timescaledb", "healthy"), running("redis", "healthy"), created("backend"));
        assertThat(s.due(frontendMissing)).as("compose is still creating containers").isEmpty();
        assertThat(services(s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), created("backend"), created("frontend")))))
                .containsExactly("backend");
    }

    @Test
    void leavesAServiceToComposeWhileItHasTwoContainersOrIsNotCreated() {
        DependencyStarter s = startingPhase();
        Seen replacement = new Seen("id-new", "backend", "created", "none", null);
        Seen old = new Seen("id-old", "backend", "running", "healthy", null);
        assertThat(s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), old, replacement, created("frontend"))))
                .as("compose is replacing the container").isEmpty();
        assertThat(s.due(List.of(running("timescaledb", "healthy"), running("redis", "healthy"), new Seen("id-b", "backend", "exited", "none", 1),
                created("frontend"))))
                .as("a stopped container is compose's to restart").isEmpty();
    }

    @Test
    void everyContainerOfADependencyMustMeetTheCondition() {
        DependencyStarter s = startingPhase();
        Seen redis1 = new Seen("r1", "redis", "running", "healthy", null);
        Seen redis2 = new Seen("r2", "redis", "running", "starting", null);
        assertThat(s.due(List.of(running("timescaledb", "healthy"), redis1, redis2, created("backend"), created("frontend")))).isEmpty();
        assertThat(s.due(List.of(running("timescaledb", "healthy"), created("backend"), created("frontend")))).as("a dependency with no container").isEmpty();
        assertThat(s.due(List.of(running("timescaledb", "unhealthy"), redis1, created("backend"), created("frontend")))).isEmpty();
        assertThat(services(s.due(List.of(running("timescaledb", "healthy"), redis1, created("backend"), created("frontend")))))
                .as("the same with every condition met").containsExactly("backend");
    }

    @Test
    void eachConditionMeansWhatComposeMeans() {
        assertThat(DependencyStarter.meets(running("x", "healthy"), Dependency.Condition.SERVICE_HEALTHY)).isTrue();
        assertThat(DependencyStarter.meets(running("x", "starting"), Dependency.Condition.SERVICE_HEALTHY)).isFalse();
        assertThat(DependencyStarter.meets(new Seen("i", "x", "exited", "healthy", 0), Dependency.Condition.SERVICE_HEALTHY)).isFalse();
        assertThat(DependencyStarter.meets(running("x", "starting"), Dependency.Condition.SERVICE_STARTED)).isTrue();
        assertThat(DependencyStarter.meets(created("x"), Dependency.Condition.SERVICE_STARTED)).isFalse();
        assertThat(DependencyStarter.meets(new Seen("i", "x", "exited", "none", 0), Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY)).isTrue();
        assertThat(DependencyStarter.meets(new Seen("i", "x", "exited", "none", 3), Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY)).isFalse();
        assertThat(DependencyStarter.meets(running("x", "none"), Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY)).isFalse();
    }

    @Test
    void readsTheExitCodeFromTheListStatus() {
        assertThat(DependencyStarter.exitCodeOf("Exited (0) 2 seconds ago")).isZero();
        assertThat(DependencyStarter.exitCodeOf("Exited (137) About a minute ago")).isEqualTo(137);
        assertThat(DependencyStarter.exitCodeOf("Up 3 seconds (healthy)")).isNull();
        assertThat(DependencyStarter.exitCodeOf(null)).isNull();
    }
}
