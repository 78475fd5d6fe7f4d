package vn.stocktracker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection pool, the schema (Flyway, migrations from {@code db/migration} in the jar) and what
 * the server supports: TimescaleDB edition and where candles come from.
 */
public final class Database implements AutoCloseable {

    /** Where 1-minute candles are read from. */
    public enum CandleSource { TABLE, CONTINUOUS_AGGREGATE }

    private final HikariDataSource pool;
    private volatile String timescale = "unknown";
    private volatile CandleSource candleSource = CandleSource.TABLE;
    private volatile boolean migrated;
    /** Calls of {@link #migrate()}, including those that found the schema migrated (observed by tests). */
    private final java.util.concurrent.atomic.AtomicLong migrateCalls = new java.util.concurrent.atomic.AtomicLong();

    private final boolean readOnly;

    public Database(String url, String user, String password) {
        this(url, user, password, false, "");
    }

    /**
     * @param readOnly  an API replica's pool: every connection reads as {@code readRole} ({@code SET ROLE},
     *                  when not empty) in read-only transactions, and {@link #migrate()} only checks that the
     *                  collector has migrated the schema
     * @param readRole  the role to read as (migration V7 creates {@code tracker_reader})
     */
    public Database(String url, String user, String password, boolean readOnly, String readRole) {
        this.readOnly = readOnly;
        HikariConfig hc = new HikariConfig();
        if (readOnly) {
            hc.setConnectionInitSql((readRole.isEmpty() ? "" : "SET ROLE " + readRole + "; ")
                    + "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("tracker-db");
        hc.setMaximumPoolSize(6);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(-1); // start even when the database is down; connect later
        hc.addDataSourceProperty("connectTimeout", "2");
        hc.addDataSourceProperty("socketTimeout", "30");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "stock-tracker");
        this.pool = new HikariDataSource(hc);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs the migrations and detects the server's capabilities. Throws when the database is unreachable. */
    public synchronized void migrate() {
        migrateCalls.incrementAndGet();
        if (migrated) {
            return;
        }
        if (readOnly) {
            awaitMigrated();
            return;
        }
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .javaMigrations(new V3__ContinuousCandles())
                .connectRetries(0)
                .load()
                .migrate();
        try (Connection c = pool.getConnection()) {
            timescale = timescaleLicense(c);
            candleSource = hasContinuousAggregate(c) ? CandleSource.CONTINUOUS_AGGREGATE : CandleSource.TABLE;
        } catch (SQLException e) {
            throw new IllegalStateException("database capability check failed: " + e.getMessage(), e);
        }
        migrated = true;
    }

    /** A read-only pool: the schema must be migrated already (by the collector); throws while it is not. */
    private void awaitMigrated() {
        org.flywaydb.core.api.MigrationInfo[] pending = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .javaMigrations(new V3__ContinuousCandles())
                .connectRetries(0)
                .load()
                .info()
                .pending();
        if (pending.length > 0) {
            throw new IllegalStateException("the schema lacks migration V" + pending[0].getVersion()
                    + " (" + pending.length + " pending); waiting for the collector to migrate it");
        }
        try (Connection c = pool.getConnection()) {
            timescale = timescaleLicense(c);
            candleSource = hasContinuousAggregate(c) ? CandleSource.CONTINUOUS_AGGREGATE : CandleSource.TABLE;
        } catch (SQLException e) {
            throw new IllegalStateException("database capability check failed: " + e.getMessage(), e);
        }
        migrated = true;
    }

    public boolean readOnly() {
        return readOnly;
    }

    long migrateCalls() {
        return migrateCalls.get();
    }

    public boolean migrated() {
        return migrated;
    }

    /** {@code apache}, {@code timescale} (the extension's licence), {@code none}, or {@code unknown} before migration. */
    public String timescale() {
        return timescale;
    }

    public CandleSource candleSource() {
        return candleSource;
    }

    /** The licence of the installed TimescaleDB extension, or {@code none}. */
    static String timescaleLicense(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            if (!rs.next()) {
                return "none";
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW timescaledb.license")) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    private static boolean hasContinuousAggregate(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('candles_1m_agg') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** A one-query liveness probe; returns the round trip in ms, throws on failure. */
    public long ping() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        pool.close();
    }
}
