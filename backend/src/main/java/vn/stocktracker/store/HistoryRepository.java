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

    /**
     * One candle; {@code t} is the bucket start in epoch ms. {@code buyVolume}/{@code sellVolume}: the
     * active buy and active sell part of {@code volume} (the rest is neutral).
     */
    public record Candle(long t, Number open, Number high, Number low, Number close, long volume, long buyVolume,
                         long sellVolume) {
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
        boolean aggregate = db.candleSource() == Database.CandleSource.CONTINUOUS_AGGREGATE;
        // the continuous aggregate has no buy/sell split: it is summed from the ticks of the same minutes
        String source = aggregate
                ? "(SELECT a.*, coalesce(s.buy_volume, 0) AS buy_volume, coalesce(s.sell_volume, 0) AS sell_volume"
                + " FROM candles_1m_agg a LEFT JOIN (" + SIDES + ") s ON s.minute = a.bucket"
                + " WHERE a.symbol = ? AND a.bucket >= ? AND a.bucket < ?) c"
                : "candles_1m";
        String sql = "SELECT date_bin(make_interval(secs => ?), bucket, TIMESTAMPTZ '2000-01-03 00:00:00+07') AS t,"
                + " (array_agg(open ORDER BY bucket))[1], max(high), min(low), (array_agg(close ORDER BY bucket DESC))[1],"
                + " sum(volume)::bigint, sum(buy_volume)::bigint, sum(sell_volume)::bigint FROM " + source
                + " WHERE symbol = ? AND bucket >= ? AND bucket < ? GROUP BY 1 ORDER BY 1";
        List<Candle> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            int i = 1;
            ps.setLong(i++, interval.toSeconds());
            if (aggregate) {
                i = range(ps, i, symbol, from, to); // the ticks' side sums
                i = range(ps, i, symbol, from, to); // the aggregate's rows
            }
            range(ps, i, symbol, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long t = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
                    out.add(new Candle(t, price(rs, 2, futures), price(rs, 3, futures), price(rs, 4, futures),
                            price(rs, 5, futures), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
        }
        return out;
    }

    /** Active buy and sell volume per minute of one symbol's ticks (parameters: symbol, from, to). */
    static final String SIDES = "SELECT date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ '2000-01-03 00:00:00+07') AS minute,"
            + " sum(volume) FILTER (WHERE side = 'B')::bigint AS buy_volume,"
            + " sum(volume) FILTER (WHERE side = 'S')::bigint AS sell_volume"
            + " FROM ticks WHERE symbol = ? AND ts >= ? AND ts < ? GROUP BY 1";

    /** The split of {@link #SIDES} on its own (tests compare it with the table's columns). */
    List<long[]> tickSides(String symbol, Instant from, Instant to) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SIDES + " ORDER BY 1")) {
            range(ps, 1, symbol, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    private static int range(PreparedStatement ps, int i, String symbol, Instant from, Instant to) throws SQLException {
        ps.setString(i, symbol);
        ps.setObject(i + 1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        ps.setObject(i + 2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        return i + 3;
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
