package vn.stocktracker.source.sim;

import org.junit.jupiter.api.Test;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertConfig;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SIM_SCENARIO=signals makes each kind of alert fire, as the browser test relies on. */
class SignalScenarioTest {

    private static List<Alert> run(boolean steered, int seconds) {
        LocalDate day = LocalDate.of(2025, 12, 1);
        Instruments instruments = Instruments.create(List.of(), day);
        AlertConfig config = new AlertConfig(true, 3.0, Duration.ofMinutes(20), 10, 30, Duration.ofSeconds(10),
                1_000_000_000L, Duration.ofSeconds(60));
        List<Alert> alerts = new ArrayList<>();
        MarketProcessor p = new MarketProcessor(instruments, new ProcessorOutput() {
            @Override public void tick(TickRow row) { }
            @Override public void foreign(ForeignRow row) { }
            @Override public void index(IndexRow row) { }
            @Override public void futures(FuturesRow row) { }
            @Override public void alert(AlertRow row) { alerts.add(row.alert()); }
        }, config, true);
        MarketSimulator sim = new MarketSimulator(42, instruments);
        SignalScenario scenario = new SignalScenario(sim, 0);
        long t0 = day.atTime(10, 0).atZone(Instruments.VN).toInstant().toEpochMilli();
        sim.emitOpening(t0, TradingSession.CONTINUOUS, p::apply);
        for (long ts = t0; ts < t0 + seconds * 1_000L; ts += 5) { // one event per 5 ms: 200 a second
            if (steered) {
                scenario.tick((ts - t0) * 1_000_000L, ts, TradingSession.CONTINUOUS, p::apply);
            }
            sim.step(ts, TradingSession.CONTINUOUS, p::apply);
        }
        return alerts;
    }

    @Test
    void everyKindFiresWithinTheFirstCycle() {
        List<Alert> alerts = run(true, 20);
        assertThat(alerts).extracting(a -> a.kind() + " " + a.symbol()).contains(
                "foreign_acceleration SHB", "volume_spike FPT", "price_breakout VNM", "price_breakout HPG",
                "basis_flip " + Instruments.frontMonthFutures(LocalDate.of(2025, 12, 1)));
        Alert spike = alerts.stream().filter(a -> a.kind().equals("volume_spike") && a.symbol().equals("FPT")).findFirst().orElseThrow();
        assertThat(spike.severity()).isEqualTo("critical");
        assertThat(alerts.stream().filter(a -> a.symbol().equals("VNM")).findFirst().orElseThrow().data().get("band")).isEqualTo("ceiling");
        assertThat(alerts.stream().filter(a -> a.symbol().equals("HPG")).findFirst().orElseThrow().data().get("band")).isEqualTo("floor");
    }

    @Test
    void withoutTheScenarioTheSameSeedFiresNoSpikeOrBreakoutOfThoseStocks() {
        assertThat(run(false, 20)).extracting(a -> a.kind() + " " + a.symbol())
                .doesNotContain("volume_spike FPT", "price_breakout VNM", "price_breakout HPG");
    }
}
