package vn.stocktracker.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.config.RetentionConfig;
import vn.stocktracker.it.Services;
import vn.stocktracker.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against the real TimescaleDB (the Apache edition Debian ships: drop_chunks, no policies):
 * rows across many days, one run, the chunks older than each window gone, every row inside it intact,
 * the candles and alerts kept by their own longer window; the windows count from the newest data (a
 * recording from last year keeps its last days), capped at the clock; and the backend runs it itself.
 */
class RetentionIT {
    /** The data's own "now": long before the wall clock, as a replayed recording's would be. */
    private static final Instant NEWEST = Instant.parse("2025-03-01T07:00:00Z");
    private static final RetentionConfig WINDOWS = new RetentionConfig(10, 40);
    private static Services services;
    private static Database db;

    @BeforeAll
    static void start() {
        services = new Services();
        db = new Database(services.jdbcUrl(), Services.DB_USER, services.dbPassword());
        db.migrate();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = services.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE ticks, futures_ticks, index_snapshots, foreign_flow, candles_1m, alerts");
        }
    }

    /** Ticks every 10 minutes for 60 days, the other raw series hourly; candles every 10 minutes and alerts every 6 hours for 120 days. */
    private static void fill(Instant newest) throws SQLException {
        try (Connection c = services.connect()) {
            exec(c, newest, "INSERT INTO ticks SELECT t, s, 25000, 100, 'B', 'continuous', 1 FROM generate_series(?::timestamptz - INTERVAL '60 days',"
                    + " ?::timestamptz, INTERVAL '10 minutes') t, unnest(ARRAY['FPT', 'VNM']) s");
            exec(c, newest, "INSERT INTO futures_ticks SELECT t, 'VN30F2503', 1300, 10, 1290, 10 FROM generate_series(?::timestamptz - INTERVAL '60 days',"
                    + " ?::timestamptz, INTERVAL '1 hour') t");
            exec(c, newest, "INSERT INTO index_snapshots SELECT t, 'VN30', 1290, 1, 1000, 1000, 10, 5, 15 FROM generate_series(?::timestamptz - INTERVAL '60 days',"
                    + " ?::timestamptz, INTERVAL '1 hour') t");
            exec(c, newest, "INSERT INTO foreign_flow SELECT t, 'FPT', 1, 1, 1, 1, 0, 0, 1000 FROM generate_series(?::timestamptz - INTERVAL '60 days',"
                    + " ?::timestamptz, INTERVAL '1 hour') t");
            exec(c, newest, "INSERT INTO candles_1m (symbol, bucket, open, high, low, close, volume, first_ts, last_ts) SELECT 'FPT', t, 1, 1, 1, 1, 1, t, t"
                    + " FROM generate_series(?::timestamptz - INTERVAL '120 days', ?::timestamptz, INTERVAL '10 minutes') t");
            exec(c, newest, "INSERT INTO alerts SELECT t, 'FPT', 'a-' || extract(epoch FROM t), 'volume_spike', 'info', 'm', '{}'::jsonb"
                    + " FROM generate_series(?::timestamptz - INTERVAL '120 days', ?::timestamptz, INTERVAL '6 hours') t");
        }
    }

    private static void exec(Connection c, Instant newest, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(newest, ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(newest, ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private static long count(String sql, Instant at) throws SQLException {
        try (Connection c = services.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (at != null) {
                ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long rows(String table, String column, String op, Instant at) throws SQLException {
        return count("SELECT count(*) FROM " + table + " WHERE " + column + " " + op + " ?", at);
    }

    private static long chunksEndingBy(String table, Instant at) throws SQLException {
        return count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = '" + table + "' AND range_end <= ?", at);
    }

    @Test
    void dropsTheChunksOlderThanEachWindowAndKeepsEveryRowInside() throws Exception {
        fill(NEWEST);
        Instant rawCutoff = NEWEST.minus(Duration.ofDays(WINDOWS.rawDays()));
        Instant candleCutoff = NEWEST.minus(Duration.ofDays(WINDOWS.candleDays()));
        long ticksInside = rows("ticks", "ts", ">=", rawCutoff);
        long candlesInside = rows("candles_1m", "bucket", ">=", candleCutoff);
        long alertsInside = rows("alerts", "ts", ">=", candleCutoff);
        long[] rawInside = {rows("futures_ticks", "ts", ">=", rawCutoff), rows("index_snapshots", "ts", ">=", rawCutoff),
                rows("foreign_flow", "ts", ">=", rawCutoff)};
        long tickChunksBefore = chunksEndingBy("ticks", Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(ticksInside).isEqualTo(2 * (10 * 24 * 6 + 1));
        assertThat(chunksEndingBy("ticks", rawCutoff)).as("tick chunks older than the window before the run").isGreaterThanOrEqualTo(49);

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Retention retention = new Retention(db, WINDOWS, Clock.systemUTC(), metrics);
        Retention.Outcome out = retention.runOnce();

        assertThat(out.reference()).as("the newest data is the reference, not the clock").isEqualTo(NEWEST);
        assertThat(out.rawCutoff()).isEqualTo(rawCutoff);
        assertThat(out.candleCutoff()).isEqualTo(candleCutoff);
        for (String raw : new String[] {"ticks", "futures_ticks", "index_snapshots", "foreign_flow"}) {
            assertThat(chunksEndingBy(raw, rawCutoff)).as("%s chunks wholly before the raw cutoff", raw).isZero();
            // only whole chunks go: at most the one-day chunk that reaches past the cutoff keeps older rows
            assertThat(rows(raw, "ts", "<", rawCutoff.minus(Duration.ofDays(1)))).as("%s rows a chunk before the cutoff", raw).isZero();
        }
        assertThat(rows("ticks", "ts", ">=", rawCutoff)).as("ticks inside the window").isEqualTo(ticksInside);
        assertThat(new long[] {rows("futures_ticks", "ts", ">=", rawCutoff), rows("index_snapshots", "ts", ">=", rawCutoff),
                rows("foreign_flow", "ts", ">=", rawCutoff)}).as("futures, index, foreign rows inside the window").containsExactly(rawInside);
        long tickChunksAfter = chunksEndingBy("ticks", Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(tickChunksBefore - tickChunksAfter).isEqualTo(
                out.dropped().stream().filter(d -> d.table().equals("ticks")).findFirst().orElseThrow().chunks().size());

        // candles and alerts: their own, longer window (7-day chunks), so everything younger than 40 days stays,
        // the raw window's 10 days included, and what is older than 40 days goes chunk by chunk
        assertThat(rows("candles_1m", "bucket", ">=", candleCutoff)).as("candles inside their window").isEqualTo(candlesInside);
        assertThat(rows("candles_1m", "bucket", "<", rawCutoff)).as("candles older than the raw window").isGreaterThan(29 * 24 * 6);
        assertThat(rows("candles_1m", "bucket", "<", candleCutoff.minus(Duration.ofDays(7)))).as("candles a chunk before their cutoff").isZero();
        assertThat(chunksEndingBy("candles_1m", candleCutoff)).isZero();
        assertThat(rows("alerts", "ts", ">=", candleCutoff)).isEqualTo(alertsInside);
        assertThat(rows("alerts", "ts", "<", candleCutoff.minus(Duration.ofDays(7)))).isZero();

        assertThat(metrics.get("tracker_retention_chunks_dropped").tag("table", "ticks").counter().count())
                .isEqualTo(tickChunksBefore - tickChunksAfter);
        assertThat(out.chunks()).isGreaterThanOrEqualTo(4 * 49 + 2 * 10);
        assertThat(out.bytesFreed()).isPositive();

        Retention.Outcome again = retention.runOnce();
        assertThat(again.chunks()).as("a second run drops nothing").isZero();
        assertThat(rows("ticks", "ts", ">=", rawCutoff)).isEqualTo(ticksInside);
    }

    @Test
    void aRowFromTheFutureDoesNotMoveTheReferencePastTheClock() throws Exception {
        fill(NEWEST);
        Instant future = Instant.now().plus(Duration.ofDays(365));
        try (Connection c = services.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ticks VALUES (?, 'FPT', 25000, 100, 'B', 'continuous', 2)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(future, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        Instant before = Instant.now();
        Retention.Outcome out = new Retention(db, WINDOWS, Clock.systemUTC(), new SimpleMeterRegistry()).runOnce();
        assertThat(out.reference()).isBetween(before, Instant.now());
        // the clock is the reference: last year's data is older than both windows and goes; the stamped-ahead row stays
        assertThat(rows("ticks", "ts", ">", Instant.EPOCH)).isEqualTo(1);
        assertThat(rows("candles_1m", "bucket", ">", Instant.EPOCH)).isZero();
    }

    @Test
    void emptyTablesAreNoError() throws Exception {
        Retention.Outcome out = new Retention(db, WINDOWS, Clock.systemUTC(), new SimpleMeterRegistry()).runOnce();
        assertThat(out.reference()).isNull();
        assertThat(out.dropped()).isEmpty();
    }

    /** The backend (role all) runs retention itself once the schema is migrated, and says so in /metrics. */
    @Test
    void theBackendRunsItAtStart() throws Exception {
        Instant now = Instant.now();
        fill(now.minus(Duration.ofDays(20))); // older than a 5-day window counted from the row written now
        try (Connection c = services.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ticks VALUES (?, 'FPT', 25000, 100, 'B', 'continuous', 3)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        Map<String, String> env = services.env();
        env.put("RETENTION_RAW_DAYS", "5");
        env.put("RETENTION_CANDLE_DAYS", "30");
        App app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        try {
            assertThat(app.retention()).isNotNull();
            Instant cutoff = now.minus(Duration.ofDays(5));
            Await.until(Duration.ofSeconds(60), "old tick chunks dropped by the backend", () -> {
                try {
                    return chunksEndingBy("ticks", cutoff) == 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(rows("ticks", "ts", ">=", now)).isPositive();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).containsPattern("tracker_retention_chunks_dropped_total\\{table=\"ticks\"} [1-9]")
                    .contains("tracker_retention_last_run_seconds");
        } finally {
            app.stop();
        }
    }
}
