package vn.stocktracker.bench;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.sim.MarketSimulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Events per second through {@link MarketProcessor#apply} on one thread, over already-parsed events
 * from the simulator (the realistic mix: trades + quotes, foreign room, indices, futures), with an
 * output that receives every storage row (as the writer would, minus the queue). Baseline in the same
 * run: a loop that only dispatches on the event type, i.e. the floor any processor pays.
 *
 * <p>Usage: {@code ProcessorBench [events] [rounds]}; prints one Markdown table row per measure.
 */
public final class ProcessorBench {
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        LocalDate day = LocalDate.of(2025, 12, 1);
        Instruments instruments = Instruments.create(List.of(), day);
        long t0 = day.atTime(9, 15).atZone(Instruments.VN).toInstant().toEpochMilli();
        MarketSimulator sim = new MarketSimulator(42, instruments);
        List<MarketEvent> events = new ArrayList<>(n + 200);
        long ts = t0;
        while (events.size() < n) {
            sim.step(ts, TradingSession.CONTINUOUS, events::add);
            ts += events.size() % 7 == 0 ? 1 : 0;
        }
        MarketEvent[] ev = events.toArray(MarketEvent[]::new);
        long[] rows = new long[1];
        ProcessorOutput counting = new ProcessorOutput() {
            @Override
            public void tick(TickRow row) {
                rows[0]++;
            }

            @Override
            public void foreign(ForeignRow row) {
                rows[0]++;
            }

            @Override
            public void index(IndexRow row) {
                rows[0]++;
            }

            @Override
            public void futures(FuturesRow row) {
                rows[0]++;
            }
        };
        double[] proc = new double[rounds];
        double[] base = new double[rounds];
        long sink = 0;
        for (int r = -3; r < rounds; r++) { // 3 warm-up rounds
            MarketProcessor p = new MarketProcessor(instruments, counting);
            long a = System.nanoTime();
            for (MarketEvent e : ev) {
                p.apply(e);
            }
            long b = System.nanoTime();
            sink += p.drainChanges().stocks().size();
            long c = System.nanoTime();
            sink += dispatchOnly(ev);
            long d = System.nanoTime();
            if (r >= 0) {
                proc[r] = ev.length / ((b - a) / 1e9);
                base[r] = ev.length / ((d - c) / 1e9);
            }
        }
        double pm = Stats.median(proc);
        double bm = Stats.median(base);
        System.out.printf("| processor, single thread (%d events x %d rounds) | %,.0f events/s | dispatch-only loop %,.0f events/s | %.2f | %s |%n",
                ev.length, rounds, pm, bm, pm / bm, Stats.env());
        System.out.printf("| processor vs the original Python service (58,874 msg/s, not this run) | %,.0f events/s | 58,874 msg/s | %.1fx | rows out %d, check %d |%n",
                pm, pm / 58_874, rows[0], sink);
        simulatorRate(instruments, 50_000, 3);
    }

    /** The simulated source at SIM_RATE=50000 (open session clock): events delivered per second, over 3 s. */
    private static void simulatorRate(Instruments instruments, int rate, int seconds) throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        java.time.Clock wall = java.time.Clock.systemUTC();
        vn.stocktracker.source.sim.SimulatedSource src = new vn.stocktracker.source.sim.SimulatedSource(42, instruments,
                vn.stocktracker.source.sim.SessionClock.of("open", wall), wall, rate);
        src.start(e -> count.incrementAndGet());
        Thread.sleep(1_000);
        long c0 = count.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        long c1 = count.get();
        long t1 = System.nanoTime();
        src.stop();
        double achieved = (c1 - c0) / ((t1 - t0) / 1e9);
        System.out.printf("| simulated source at SIM_RATE=%d, %d s | %,.0f events/s delivered | target %,d events/s | %.2f | %s |%n",
                rate, seconds, achieved, rate, achieved / rate, Stats.env());
    }

    private static long dispatchOnly(MarketEvent[] ev) {
        long k = 0;
        for (MarketEvent e : ev) {
            k += switch (e) {
                case vn.stocktracker.market.Trade t -> t.volume();
                case vn.stocktracker.market.Quote q -> q.bestBid();
                case vn.stocktracker.market.ForeignRoom f -> f.buyVol();
                case vn.stocktracker.market.IndexUpdate i -> i.advances();
                case vn.stocktracker.market.Bar b -> b.volume();
            };
        }
        return k;
    }
}
