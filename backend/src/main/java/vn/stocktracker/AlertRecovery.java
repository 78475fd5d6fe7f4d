package vn.stocktracker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertEngine;
import vn.stocktracker.store.AlertStore;
import vn.stocktracker.store.Database;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * After a restart, reads the day's alerts back from the database and hands them to the processor, so
 * {@code /ws/alerts} snapshots and the dedup windows go on where they were. Runs on its own thread:
 * start-up never waits for the database; while it is unreachable the read is retried every few
 * seconds until it succeeds once or the process stops.
 */
final class AlertRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRecovery.class);
    private static final long RETRY_MS = 3_000;

    private final Database db;
    private final AlertStore store;
    private final Pipeline pipeline;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean done;

    AlertRecovery(Database db, Pipeline pipeline, Clock clock) {
        this.db = db;
        this.store = new AlertStore(db);
        this.pipeline = pipeline;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("alert-recovery").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Whether the day's alerts have been read back (tests). */
    boolean done() {
        return done;
    }

    private void run() {
        String lastError = null;
        while (running) {
            try {
                if (db.migrated()) {
                    List<Alert> today = readToday();
                    pipeline.onProcessorThread(p -> p.restoreAlerts(today, clock.millis()));
                    done = true;
                    LOG.info("read {} alerts of today back from the database", today.size());
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
