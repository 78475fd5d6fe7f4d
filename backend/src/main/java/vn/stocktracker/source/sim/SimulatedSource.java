package vn.stocktracker.source.sim;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.MarketEventSink;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;

import vn.stocktracker.source.SourceThread;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default source: runs a {@link MarketSimulator} on its own thread at a steady rate (events per
 * second), paced in 5 ms slices, with times and sessions from a {@link SessionClock}.
 */
public final class SimulatedSource implements MarketDataSource {

    private final MarketSimulator sim;
    private final SessionClock clock;
    private final Clock wall;
    private final int rate;
    private final AtomicReference<SourceStatus> status =
            new AtomicReference<>(new SourceStatus(SourceState.NEW, "", 0, 0));
    private final AtomicLong eventsOut = new AtomicLong();
    private final SourceThread thread = new SourceThread("sim-source");
    private volatile long lastEventMs;

    private final boolean signals;

    public SimulatedSource(long seed, Instruments instruments, SessionClock clock, Clock wall, int rate) {
        this(seed, instruments, clock, wall, rate, "none");
    }

    /** @param scenario {@code none} or {@code signals} ({@link SignalScenario}) */
    public SimulatedSource(long seed, Instruments instruments, SessionClock clock, Clock wall, int rate, String scenario) {
        this.signals = "signals".equalsIgnoreCase(scenario);
        this.sim = new MarketSimulator(seed, instruments);
        this.clock = clock;
        this.wall = wall;
        this.rate = rate;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public void start(MarketEventSink sink) {
        MarketEventSink counting = e -> {
            sink.accept(e);
            eventsOut.incrementAndGet();
            lastEventMs = wall.millis();
        };
        thread.start(() -> run(counting));
    }

    private void run(MarketEventSink sink) {
        long now = clock.now();
        sim.emitOpening(now, clock.session(now), sink);
        LocalDate day = TradingCalendar.tradingDay(now);
        long startNanos = System.nanoTime();
        SignalScenario scenario = signals ? new SignalScenario(sim, startNanos) : null;
        long emitted = 0;
        while (thread.running()) {
            long ts = clock.now();
            LocalDate d = TradingCalendar.tradingDay(ts);
            if (d.isAfter(day)) {
                day = d;
                sim.newDay();
                sim.emitOpening(ts, clock.session(ts), sink);
            }
            TradingSession session = clock.session(ts);
            boolean trading = session == TradingSession.ATO || session == TradingSession.CONTINUOUS
                    || session == TradingSession.ATC;
            publish(trading ? SourceState.STREAMING : SourceState.IDLE,
                    trading ? "" : "market " + session.name().toLowerCase(java.util.Locale.ROOT));
            long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
            if (!trading) {
                emitted = due; // no backlog builds up while the market is closed
            }
            if (trading && scenario != null) {
                emitted += scenario.tick(System.nanoTime(), ts, session, sink);
            }
            while (trading && emitted < due && thread.running()) {
                emitted += sim.step(ts, session, sink);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(trading ? 5 : 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        publish(SourceState.STOPPED, "");
    }

    private void publish(SourceState state, String detail) {
        SourceStatus cur = status.get();
        if (cur.state() != state || !cur.detail().equals(detail)) {
            status.set(new SourceStatus(state, detail, 0, 0));
        }
    }

    @Override
    public void stop() {
        thread.stop(Duration.ofSeconds(2));
        publish(SourceState.STOPPED, "");
    }

    @Override
    public SourceStatus status() {
        SourceStatus s = status.get();
        return new SourceStatus(s.state(), s.detail(), eventsOut.get(), lastEventMs);
    }
}
