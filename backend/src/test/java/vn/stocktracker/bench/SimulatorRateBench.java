package vn.stocktracker.bench;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.source.sim.SessionClock;
import vn.stocktracker.source.sim.SimulatedSource;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-level check (not a JMH micro benchmark: it runs the source's own threads against the wall
 * clock): the simulated source at {@code SIM_RATE=50000} with an open session clock, events delivered
 * per second over 3 s after 1 s of warm-up. Prints one Markdown table row.
 */
public final class SimulatorRateBench {

    private SimulatorRateBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Instruments instruments = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));
        AtomicLong count = new AtomicLong();
        Clock wall = Clock.systemUTC();
        SimulatedSource src = new SimulatedSource(42, instruments, SessionClock.of("open", wall), wall, rate);
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
}
