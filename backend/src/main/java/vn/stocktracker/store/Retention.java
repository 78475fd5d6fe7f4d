package vn.stocktracker.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.config.RetentionConfig;
import vn.stocktracker.source.SourceThread;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the database from growing without bound: raw time series older than
 * {@link RetentionConfig#rawDays()} and candles and alerts older than {@link RetentionConfig#candleDays()}
 * are dropped, on a hypertable chunk by chunk with {@code drop_chunks} (the Apache edition of TimescaleDB
 * has it; its policy API, {@code add_retention_policy}, it has not), on a plain table with {@code DELETE}.
 * Only whole chunks go: rows of a chunk that reaches past the cutoff stay until a later run.
 *
 * <p>The windows count back from the <b>newest stored data</b>, capped at the wall clock: a replayed
 * recording or a simulator running at accelerated time writes rows whose own time is not today, and a
 * tracker that was down for weeks comes back to data older than the window; counting from the clock
 * would drop those at once. The cap keeps one row stamped in the future (a bad feed clock) from
 * dropping everything.
 *
 * <p>Run by the process that writes (role all, or the active collector), at start once the schema is
 * migrated and every {@link #EVERY} after; {@link #runOnce()} for tests and benchmarks.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** How often the writing process applies the windows. Daily chunks: an hour late at most drops an hour late. */
    public static final Duration EVERY = Duration.ofHours(1);
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final long WAIT_FOR_SCHEMA_MS = 3_000;

    /** One table the windows apply to and the time column it is partitioned (and dropped) by. */
    public record Table(String name, String timeColumn, boolean raw) {
    }

    /** Raw series first: the candles' reference is read before anything is dropped. */
    public static final List<Table> TABLES = List.of(
            new Table("ticks", "ts", true),
            new Table("futures_ticks", "ts", true),
            new Table("index_snapshots", "ts", true),
            new Table("foreign_flow", "ts", true),
            new Table("candles_1m", "bucket", false),
            new Table("candles_1m_agg", "bucket", false),
            new Table("alerts", "ts", false));

    /** What one table lost: {@code chunks} dropped (hypertable) or {@code rows} deleted (plain table). */
    public record Dropped(String table, Instant cutoff, List<String> chunks, long rows, long bytesFreed) {
        public Dropped {
            chunks = List.copyOf(chunks);
        }
    }

    /** One run: the reference time the windows count back from (null: no data at all) and what went. */
    public record Outcome(Instant reference, Instant rawCutoff, Instant candleCutoff, List<Dropped> dropped) {
        public Outcome {
            dropped = List.copyOf(dropped);
        }

        public int chunks() {
            return dropped.stream().mapToInt(d -> d.chunks().size()).sum();
        }

        public long bytesFreed() {
            return dropped.stream().mapToLong(Dropped::bytesFreed).sum();
        }
    }

    private final Database db;
    private final RetentionConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter failures;
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();
    private final AtomicLong rawCutoffEpochSeconds = new AtomicLong();
    private final SourceThread thread = new SourceThread("retention");

    public Retention(Database db, RetentionConfig config, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.failures = Counter.builder("tracker_retention_failures").description("retention runs that failed (retried)")
                .register(registry);
        registry.gauge("tracker_retention_last_run_seconds", lastRunEpochSeconds, AtomicLong::get);
        registry.gauge("tracker_retention_raw_cutoff_seconds", rawCutoffEpochSeconds, AtomicLong::get);
    }

    public void start() {
        thread.start(this::loop);
    }

    public RetentionConfig config() {
        return config;
    }

    private void loop() {
        while (thread.running()) {
            Duration next = EVERY;
            try {
                if (!db.migrated()) {
                    sleep(WAIT_FOR_SCHEMA_MS);
                    continue;
                }
                runOnce();
            } catch (SQLException | RuntimeException e) {
                failures.increment();
                LOG.warn("retention: run failed ({}); retrying in {} min", e.getMessage(), RETRY.toMinutes());
                next = RETRY;
            }
            sleep(next.toMillis());
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            thread.stopping();
        }
    }

    /** Applies both windows once; logs and counts what it dropped. */
    public synchronized Outcome runOnce() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            List<Table> present = new ArrayList<>();
            for (Table t : TABLES) {
                if (exists(c, t.name())) {
                    present.add(t);
                }
            }
            Instant newest = newest(c, present.stream().filter(Table::raw).toList()).orElse(null);
            lastRunEpochSeconds.set(clock.instant().getEpochSecond());
            if (newest == null) {
                LOG.debug("retention: no raw data yet, nothing to drop");
                return new Outcome(null, null, null, List.of());
            }
            Instant now = clock.instant();
            Instant reference = newest.isAfter(now) ? now : newest;
            Instant rawCutoff = reference.minus(Duration.ofDays(config.rawDays()));
            Instant candleCutoff = reference.minus(Duration.ofDays(config.candleDays()));
            rawCutoffEpochSeconds.set(rawCutoff.getEpochSecond());
            boolean timescale = hasTimescale(c);
            List<Dropped> dropped = new ArrayList<>();
            for (Table t : present) {
                Instant cutoff = t.raw() ? rawCutoff : candleCutoff;
                Dropped d = timescale && isHypertable(c, t.name()) ? dropChunks(c, t, cutoff) : deleteRows(c, t, cutoff);
                if (!d.chunks().isEmpty() || d.rows() > 0) {
                    dropped.add(d);
                    Counter.builder("tracker_retention_chunks_dropped").tag("table", t.name())
                            .description("chunks dropped by retention").register(registry).increment(d.chunks().size());
                    Counter.builder("tracker_retention_rows_deleted").tag("table", t.name())
                            .description("rows deleted by retention from a plain (not hypertable) table").register(registry)
                            .increment(Math.max(0, d.rows()));
                    LOG.info("retention: {} older than {} ({} days before the newest data, {}): {}", t.name(), cutoff,
                            t.raw() ? config.rawDays() : config.candleDays(), reference, describe(d));
                }
            }
            Outcome out = new Outcome(reference, rawCutoff, candleCutoff, dropped);
            if (dropped.isEmpty()) {
                LOG.info("retention: nothing older than {} (raw, {} days) or {} (candles and alerts, {} days) to drop",
                        rawCutoff, config.rawDays(), candleCutoff, config.candleDays());
            }
            return out;
        }
    }

    private static String describe(Dropped d) {
        if (d.chunks().isEmpty()) {
            return "deleted " + d.rows() + " rows";
        }
        String names = d.chunks().size() == 1 ? d.chunks().get(0) : d.chunks().get(0) + " .. " + d.chunks().get(d.chunks().size() - 1);
        return "dropped " + d.chunks().size() + " chunk(s) (" + names + "), " + (d.bytesFreed() / 1024) + " KiB freed";
    }

    /** The newest time in the raw tables (each read from its time index: the newest chunk only on a hypertable). */
    private static Optional<Instant> newest(Connection c, List<Table> raw) throws SQLException {
        Instant newest = null;
        for (Table t : raw) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT max(" + t.timeColumn() + ") FROM " + t.name())) {
                if (rs.next()) {
                    OffsetDateTime v = rs.getObject(1, OffsetDateTime.class);
                    if (v != null && (newest == null || v.toInstant().isAfter(newest))) {
                        newest = v.toInstant();
                    }
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private Dropped dropChunks(Connection c, Table t, Instant cutoff) throws SQLException {
        long before = size(c, t.name());
        List<String> chunks = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                // a reader holding an old chunk must not stall the writer queued behind this lock: give up, retry later
                st.execute("SET LOCAL lock_timeout = '10s'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT drop_chunks(?::regclass, older_than => ?::timestamptz)")) {
                ps.setString(1, t.name());
                ps.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        chunks.add(name.substring(name.lastIndexOf('.') + 1));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        long freed = chunks.isEmpty() ? 0 : Math.max(0, before - size(c, t.name()));
        return new Dropped(t.name(), cutoff, chunks, 0, freed);
    }

    private static Dropped deleteRows(Connection c, Table t, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.name() + " WHERE " + t.timeColumn() + " < ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return new Dropped(t.name(), cutoff, List.of(), ps.executeUpdate(), 0);
        }
    }

    /** Bytes of a hypertable, its chunks and indexes included; 0 where it cannot be measured (a continuous aggregate). */
    private static long size(Connection c, String table) {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(hypertable_size(?::regclass), 0)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0; // only the log's "freed" figure depends on it
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean hasTimescale(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return rs.next();
        }
    }

    /** A hypertable, or a continuous aggregate (drop_chunks takes either). */
    private static boolean isHypertable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_schema = current_schema()"
                        + " AND hypertable_name = ?) OR EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates"
                        + " WHERE view_schema = current_schema() AND view_name = ?)")) {
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(2));
    }
}
