package vn.stocktracker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads candles and ticks back. Prices: stocks as VND integers, futures as points. */
public final class HistoryRepository {

    /** One candle; {@code t} is the bucket start in epoch ms. */
    public record Candle(long t, Number open, Number high, Number low, Number close, long volume) {
    }

    /** One stored trade. */
    public record Tick(long ts, Number price, long volume, String side, String session) {
    }

    private final Database db;

    public HistoryRepository(Database db) {
        this.db = db;
    }

    /**
     * Candles of {@code interval} between {@code from} (inclusive) and {@code to} (exclusive), oldest
     * first; buckets are aligned to Vietnam midnight.
     */
    public List<Candle> candles(String symbol, boolean futures, Duration interval, Instant from, Instant to)
            throws SQLException {
        String source = db.candleSource() == Database.CandleSource.CONTINUOUS_AGGREGATE ? "candles_1m_agg" : "candles_1m";
        String sql = "SELECT date_bin(make_interval(secs => ?), bucket, TIMESTAMPTZ '2000-01-03 00:00:00+07') AS t,"
                + " (array_agg(open ORDER BY bucket))[1], max(high), min(low), (array_agg(close ORDER BY bucket DESC))[1],"
                + " sum(volume)::bigint FROM " + source
                + " WHERE symbol = ? AND bucket >= ? AND bucket < ? GROUP BY 1 ORDER BY 1";
        List<Candle> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setLong(1, interval.toSeconds());
            ps.setString(2, symbol);
            ps.setObject(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(4, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long t = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
                    out.add(new Candle(t, price(rs, 2, futures), price(rs, 3, futures), price(rs, 4, futures),
                            price(rs, 5, futures), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Trades between {@code from} and {@code to}, newest first, at most {@code limit}. */
    public List<Tick> ticks(String symbol, boolean futures, Instant from, Instant to, int limit) throws SQLException {
        List<Tick> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ts, price, volume, side, session FROM ticks"
                     + " WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, seq DESC LIMIT ?")) {
            ps.setQueryTimeout(10);
            ps.setString(1, symbol);
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tick(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                            price(rs, 2, futures), rs.getLong(3), side(rs.getString(4)), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static Number price(ResultSet rs, int col, boolean futures) throws SQLException {
        return futures ? (Number) rs.getBigDecimal(col).doubleValue() : (Number) rs.getBigDecimal(col).longValue();
    }

    private static String side(String code) {
        return switch (code) {
            case "B" -> "buy";
            case "S" -> "sell";
            default -> "neutral";
        };
    }
}
