package vn.stocktracker.source.sim;

import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.MarketEventSink;

import java.util.List;
import java.util.Locale;

/**
 * {@code SIM_SCENARIO=signals}: on top of the random market, the simulator is steered every
 * {@link #CYCLE_MS} (wall time since start) so that each kind of alert fires with the default
 * thresholds and a short foreign window: a foreign buy of 5 bn VND of SHB (twice, 12 s apart, so the
 * net value jumps within {@code ALERT_FOREIGN_WINDOW_SECONDS} of 10 or more), a 60,000-share trade of
 * FPT (some 40 times its average), VNM to the ceiling, HPG to the floor and the futures basis to the
 * other side. Used by the browser test and for demonstrations; the default ({@code none}) leaves the
 * market random.
 */
final class SignalScenario {
    static final long CYCLE_MS = 30_000;
    static final List<String> NAMES = List.of("none", "signals");

    /** One scripted step, {@code atMs} into each cycle. */
    private record Step(long atMs, String what) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(3_000, "foreign"), new Step(5_000, "spike"), new Step(7_000, "ceiling"),
            new Step(9_000, "floor"), new Step(11_000, "basis"), new Step(15_000, "foreign"));

    private final MarketSimulator sim;
    private final long startNanos;
    private long done; // steps taken so far, over all cycles

    SignalScenario(MarketSimulator sim, long startNanos) {
        this.sim = sim;
        this.startNanos = startNanos;
    }

    /** Whether {@code name} is a known scenario (case-insensitive). */
    static boolean known(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Takes the steps that are due by {@code nowNanos}; returns the events emitted. */
    int tick(long nowNanos, long ts, TradingSession session, MarketEventSink sink) {
        if (session != TradingSession.CONTINUOUS) {
            return 0; // ATO/ATC trades are neutral auctions: no spike, no breakout to show
        }
        long elapsed = (nowNanos - startNanos) / 1_000_000;
        int n = 0;
        while (true) {
            long cycle = done / STEPS.size();
            Step step = STEPS.get((int) (done % STEPS.size()));
            if (cycle * CYCLE_MS + step.atMs() > elapsed) {
                return n;
            }
            n += take(step.what(), ts, session, sink);
            done++;
        }
    }

    private int take(String what, long ts, TradingSession session, MarketEventSink sink) {
        return switch (what) {
            case "foreign" -> sim.foreignBuy("SHB", 5_000_000_000L, ts, sink);
            case "spike" -> sim.bigTrade("FPT", 60_000, ts, session, sink);
            case "ceiling" -> sim.toBand("VNM", true, ts, session, sink);
            case "floor" -> sim.toBand("HPG", false, ts, session, sink);
            case "basis" -> sim.flipBasis(ts, session, sink);
            default -> throw new IllegalStateException(what);
        };
    }
}
