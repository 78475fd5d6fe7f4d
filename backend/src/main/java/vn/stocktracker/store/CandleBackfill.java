package vn.stocktracker.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.Bar;
import vn.stocktracker.market.Instruments;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fills holes in the writer-maintained {@code candles_1m} table with 1-minute bars from elsewhere (SSI's
 * {@code IntradayOhlc} after a restart). A minute that already has a candle is never touched: it was
 * built from ticks this tracker stored, and the writer may still be adding to it. Bars at or after
 * {@code beforeMs} are left out for the same reason: from that minute on, live ticks build the candles,
 * and a bar inserted there would have their volume counted twice.
 */
public final class CandleBackfill {

    private static final String INSERT = """
            INSERT INTO candles_1m (symbol, bucket, open, high, low, close, volume, first_ts, last_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (symbol, bucket) DO NOTHING""";

    private static final Logger LOG = LoggerFactory.getLogger(CandleBackfill.class);

    private final Database db;
    private final AtomicBoolean aggregateLogged = new AtomicBoolean();

    public CandleBackfill(Database db) {
        this.db = db;
    }

    /**
     * Inserts the bars (one minute each, prices in event units) whose minute has no candle yet and
     * starts before {@code beforeMs}, in one transaction; returns how many were inserted. With a
     * continuous aggregate ({@code candles_1m_agg}, TimescaleDB's community edition) the API serves
     * candles made from ticks only: nothing is inserted, and that is logged once.
     */
    public int insertMissing(List<Bar> bars, long beforeMs) throws SQLException {
        if (db.candleSource() != Database.CandleSource.TABLE) {
            if (aggregateLogged.compareAndSet(false, true)) {
                LOG.warn("candle back-fill not possible: candles come from the continuous aggregate candles_1m_agg "
                        + "over stored ticks, and the minutes of an outage have none");
            }
            return 0;
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            int queued = 0;
            for (Bar b : bars) {
                long minute = b.ts() - Math.floorMod(b.ts(), 60_000L);
                if (minute >= beforeMs || b.volume() <= 0) {
                    continue;
                }
                boolean futures = Instruments.isFutures(b.symbol());
                ps.setString(1, b.symbol());
                ps.setObject(2, utc(minute));
                ps.setBigDecimal(3, price(b.open(), futures));
                ps.setBigDecimal(4, price(b.high(), futures));
                ps.setBigDecimal(5, price(b.low(), futures));
                ps.setBigDecimal(6, price(b.close(), futures));
                ps.setLong(7, b.volume());
                ps.setObject(8, utc(minute));
                ps.setObject(9, utc(minute + 59_999));
                ps.addBatch();
                queued++;
            }
            if (queued == 0) {
                return 0;
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                inserted += Math.max(n, 0);
            }
            c.commit();
            return inserted;
        }
    }

    private static BigDecimal price(long p, boolean futures) {
        return futures ? BigDecimal.valueOf(p, 2) : BigDecimal.valueOf(p);
    }

    private static OffsetDateTime utc(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
