package vn.stocktracker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.DaySeries;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertEngine;
import vn.stocktracker.store.AlertStore;
import vn.stocktracker.store.Database;
import vn.stocktracker.store.MarketHistory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a restart, reads the day back from the database and hands it to the processor: the alerts, so
 * {@code /ws/alerts} snapshots and the dedup windows go on where they were, and the per-minute series
 * (indices, each contract's basis and price, the market's foreign flow), so snapshots again draw the
 * whole day and not only the minutes since the start. Runs on its own thread: start-up never waits
 * for the database; while it is unreachable the read is retried every few seconds until it succeeds
 * once or the process stops.
 */
final class DayRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DayRecovery.class);
    private static final long RETRY_MS = 3_000;

    private final Database db;
    private final AlertStore store;
    private final MarketHistory history;
    private final Instruments instruments;
    private final Pipeline pipeline;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean done;

    DayRecovery(Database db, Instruments instruments, Pipeline pipeline, Clock clock) {
        this.db = db;
        this.store = new AlertStore(db);
        this.history = new MarketHistory(db);
        this.instruments = instruments;
        this.pipeline = pipeline;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("day-recovery").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Whether the day's alerts and series have been read back (tests). */
    boolean done() {
        return done;
    }

    private void run() {
        String lastError = null;
        while (running) {
            try {
                if (db.migrated()) {
                    List<Alert> today = readToday();
                    DaySeries series = readSeries();
                    long now = clock.millis();
                    pipeline.onProcessorThread(p -> {
                        p.restoreAlerts(today, now);
                        p.restoreSeries(series, now);
                    });
                    done = true;
                    LOG.info("read today back from the database: {} alerts, {} index minutes, {} basis minutes, {} foreign flow minutes",
                            today.size(), series.indices().values().stream().mapToInt(List::size).sum(),
                            series.basis().values().stream().mapToInt(List::size).sum(), series.foreignNet().size());
                    return;
                }
            } catch (Exception e) {
                String m = e.getMessage();
                if (!java.util.Objects.equals(m, lastError)) {
                    LOG.warn("today's alerts not read back yet ({}); retrying", m);
                    lastError = m;
                }
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Alert> readToday() throws java.sql.SQLException {
        LocalDate day = TradingCalendar.tradingDay(clock.millis());
        Instant from = TradingCalendar.dayStart(day);
        Instant to = TradingCalendar.dayStart(day.plusDays(1));
        return store.find(new AlertStore.Query(Set.of(), Set.of(), Set.of(), from, to, AlertEngine.MAX_TODAY));
    }

    private DaySeries readSeries() throws java.sql.SQLException {
        Instant from = TradingCalendar.dayStart(TradingCalendar.tradingDay(clock.millis()));
        Instant to = Instant.ofEpochMilli(clock.millis() + 60_000);
        Duration minute = Duration.ofMinutes(1);
        Map<String, List<Number[]>> indices = new LinkedHashMap<>();
        for (String index : List.of(Instruments.VN30_INDEX, Instruments.VNINDEX)) {
            indices.put(index, history.indexCandles(index, minute, from, to).stream()
                    .map(c -> new Number[] {c.t(), c.close()}).toList());
        }
        Map<String, List<Number[]>> basis = new LinkedHashMap<>();
        Map<String, List<Number[]>> price = new LinkedHashMap<>();
        for (String contract : instruments.futures().symbols()) {
            List<MarketHistory.BasisPoint> points = history.basis(contract, minute, from, to);
            basis.put(contract, points.stream().map(b -> new Number[] {b.t(), b.basis()}).toList());
            price.put(contract, points.stream().map(b -> new Number[] {b.t(), b.price()}).toList());
        }
        List<Number[]> flow = history.foreignIntraday(null, from, to).stream()
                .map(f -> new Number[] {f.t(), f.netVal()}).toList();
        return new DaySeries(indices, basis, price, flow);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
