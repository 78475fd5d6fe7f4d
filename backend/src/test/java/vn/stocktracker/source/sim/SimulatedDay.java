package vn.stocktracker.source.sim;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.market.alert.AlertConfig;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** A processor fed by the simulator (with the alert scenario), drained like the pipeline drains it (tests). */
public final class SimulatedDay {
    static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    public final Instruments instruments = Instruments.create(List.of(), DAY);
    public final MarketProcessor processor = new MarketProcessor(instruments, ProcessorOutput.NONE,
            new AlertConfig(true, 3.0, Duration.ofMinutes(20), 10, 30, Duration.ofSeconds(10), 1_000_000_000L,
                    Duration.ofSeconds(60)), true);
    private final MarketSimulator sim;
    private final SignalScenario scenario;
    private final long t0 = DAY.atTime(10, 0).atZone(Instruments.VN).toInstant().toEpochMilli();
    private long ts = t0;

    public SimulatedDay(long seed) {
        sim = new MarketSimulator(seed, instruments);
        scenario = new SignalScenario(sim, 0);
        sim.emitOpening(t0, TradingSession.CONTINUOUS, processor::apply);
    }

    /** {@code millis} of market at 200 events a second, then what changed. */
    public MarketChanges advance(int millis) {
        for (long end = ts + millis; ts < end; ts += 5) {
            scenario.tick((ts - t0) * 1_000_000L, ts, TradingSession.CONTINUOUS, processor::apply);
            sim.step(ts, TradingSession.CONTINUOUS, processor::apply);
        }
        return processor.drainChanges();
    }
}
