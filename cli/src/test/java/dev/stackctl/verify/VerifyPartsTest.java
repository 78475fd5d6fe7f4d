package dev.stackctl.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.text.JUnitReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyPartsTest {

    @Test
    void aDeadlineNeverSleepsPastItsEnd() {
        Deadline d = Deadline.in(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        while (d.pause(Duration.ofSeconds(5))) {
            // each pause is cut to what is left
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(100L, 1_000L);
        assertThat(d.expired()).isTrue();
        assertThat(d.remaining()).isZero();
    }

    @Test
    void aHealthGateOpensOnlyWhenEveryNeededServiceWasSeenHealthy() throws Exception {
        HealthGate gate = new HealthGate();
        gate.publish(List.of("redis"));
        assertThat(gate.await(List.of("redis", "timescaledb"), Deadline.in(Duration.ofMillis(200)))).as("one of two healthy").isFalse();
        assertThat(gate.missing(List.of("redis", "timescaledb", "backend"))).containsExactly("timescaledb", "backend");
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> gate.await(List.of("redis", "timescaledb"), Deadline.in(Duration.ofSeconds(10))));
        gate.publish(List.of("timescaledb", "redis"));
        assertThat(waiter.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // already open: no waiting at all, even on an expired deadline
        assertThat(gate.await(List.of("timescaledb"), Deadline.in(Duration.ZERO))).isTrue();
    }

    @Test
    void aCheckCanWaitForSomeServicesHealthyAndOthersMerelyRunning() throws Exception {
        HealthGate gate = new HealthGate();
        gate.publish(List.of("backend"));
        assertThat(gate.await(List.of("backend"), List.of("frontend"), Deadline.in(Duration.ofMillis(200))))
                .as("frontend not running yet").isFalse();
        assertThat(gate.notRunning(List.of("backend", "frontend"))).containsExactly("backend", "frontend");
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> gate.await(List.of("backend"), List.of("frontend"), Deadline.in(Duration.ofSeconds(10))));
        gate.publishRunning(List.of("frontend"));
        assertThat(waiter.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(gate.missing(List.of("backend", "frontend"))).as("running is not healthy").containsExactly("frontend");
    }

    @Test
    void aFinishedOrExpiredHealthGateReleasesItsWaitersWithFalse() throws Exception {
        HealthGate gate = new HealthGate();
        var entered = new java.util.concurrent.CountDownLatch(1);
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            entered.countDown();
            return gate.await(List.of("backend"), Deadline.in(Duration.ofSeconds(30)));
        });
        assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        gate.finish(); // whether the waiter is already inside await or not yet, it must come out with false
        assertThat(waiter.get(5, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        long t0 = System.nanoTime();
        assertThat(new HealthGate().await(List.of("backend"), Deadline.in(Duration.ofMillis(100)))).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(50L, 2_000L);
    }

    @Test
    void aCombinedProbeOutputSplitsIntoEachProbesOutputAndExitCode() {
        String combined = "PONG\n@@stackctl-exit=0\nNOAUTH Authentication required.\n@@stackctl-exit=0\n";
        assertThat(DataStoresCheck.Probe.split(combined)).containsExactly(
                new DataStoresCheck.Probe("PONG", 0), new DataStoresCheck.Probe("NOAUTH Authentication required.", 0));
        String psql = "stock@stocks, 17.12\n@@stackctl-exit=0\npsql: error: FATAL:  password authentication failed\n@@stackctl-exit=2";
        assertThat(DataStoresCheck.Probe.split(psql)).containsExactly(
                new DataStoresCheck.Probe("stock@stocks, 17.12", 0), new DataStoresCheck.Probe("psql: error: FATAL:  password authentication failed", 2));
        assertThat(DataStoresCheck.Probe.split("sh: 1: redis-cli: not found\n")).as("no marker: no probe ran to its end").isEmpty();
    }

    @Test
    void aChildDeadlineIsNeverLaterThanItsParent() {
        Deadline parent = Deadline.in(Duration.ofSeconds(1));
        assertThat(parent.within(Duration.ofMinutes(5)).end()).isEqualTo(parent.end());
        assertThat(parent.within(Duration.ofMillis(10)).end()).isBefore(parent.end());
    }

    @Test
    void junitXmlEscapesEvidenceAndCountsFailures() {
        String xml = JUnitReport.write("stackctl verify x", List.of(
                new JUnitReport.Case("stackctl.verify", "healthy", 1.5, null, "a<b & \"c\""),
                new JUnitReport.Case("stackctl.verify", "data-stores", 0.2, "login failed: <no>", null)));
        assertThat(xml).contains("tests=\"2\" failures=\"1\"", "a&lt;b &amp; &quot;c&quot;", "<failure message=\"login failed: &lt;no&gt;\"");
    }
}
