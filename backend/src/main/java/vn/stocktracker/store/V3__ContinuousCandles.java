package vn.stocktracker.store;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the TimescaleDB edition supports continuous aggregates ({@code SHOW timescaledb.license} is
 * {@code timescale}), creates {@code candles_1m_agg}, a real-time continuous aggregate of 1-minute
 * candles over {@code ticks}, refreshed every minute. The Apache edition and plain PostgreSQL keep
 * the writer-maintained {@code candles_1m} table (see {@link BatchWriter}). Java because
 * {@code CREATE MATERIALIZED VIEW ... WITH (timescaledb.continuous)} must run outside a transaction
 * and only on some servers; a failure leaves the table-based candles in charge and is logged.
 */
public final class V3__ContinuousCandles extends BaseJavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(V3__ContinuousCandles.class);

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        String license = Database.timescaleLicense(c);
        if (!"timescale".equals(license)) {
            LOG.info("TimescaleDB licence '{}': candles come from the writer-maintained candles_1m table", license);
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE MATERIALIZED VIEW IF NOT EXISTS candles_1m_agg
                    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
                    SELECT symbol, time_bucket(INTERVAL '1 minute', ts) AS bucket,
                           first(price, ts) AS open, max(price) AS high, min(price) AS low,
                           last(price, ts) AS close, sum(volume)::bigint AS volume
                    FROM ticks
                    GROUP BY symbol, time_bucket(INTERVAL '1 minute', ts)
                    WITH NO DATA""");
            try (ResultSet rs = st.executeQuery("""
                    SELECT add_continuous_aggregate_policy('candles_1m_agg',
                        start_offset => INTERVAL '2 days', end_offset => INTERVAL '1 minute',
                        schedule_interval => INTERVAL '1 minute', if_not_exists => true)""")) {
                rs.next();
            }
            LOG.info("created continuous aggregate candles_1m_agg");
        } catch (SQLException e) {
            LOG.warn("continuous aggregate not created ({}); using the candles_1m table", e.getMessage());
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
