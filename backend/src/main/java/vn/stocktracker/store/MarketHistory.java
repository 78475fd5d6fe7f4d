package vn.stocktracker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * History of what the processor stores besides trades: foreign flow (intraday and per day), index
 * snapshots and candles, the futures basis. Buckets are aligned to Vietnam midnight, days are
 * Vietnam dates. Every query is bounded (10 s) and reads by symbol and time through the tables'
 * {@code (symbol, ts DESC)} indexes.
 */
public final class MarketHistory {
    private static final String ORIGIN = "TIMESTAMPTZ '2000-01-03 00:00:00+07'";

    /** Cumulative foreign buy / sell / net value at the end of a minute (VND). */
    public record FlowPoint(long t, long buyVal, long sellVal, long netVal) {
    }

    /** Foreign buy / sell / net value of one trading day (VND); {@code symbols}: how many stocks reported. */
    public record FlowDay(String date, long buyVal, long sellVal, long netVal, int symbols) {
    }

    /** One stored index value. */
    public record IndexPoint(long ts, double value, double change, long totalQtty, long totalValue, int advances,
                             int noChanges, int declines) {
    }

    /** OHLC of an index value over a bucket. */
    public record IndexCandle(long t, double open, double high, double low, double close) {
    }

    /** The futures contract over a bucket: last price, VN30 value and basis, and the basis range. */
    public record BasisPoint(long t, double price, double indexValue, double basis, double minBasis, double maxBasis,
                             long volume) {
    }

    private final Database db;

    public MarketHistory(Database db) {
        this.db = db;
    }

    /**
     * The cumulative foreign flow per minute between {@code from} and {@code to}, of one stock or (symbol
     * null) of the market: each minute sums every stock's latest cumulative values up to it. Built from
     * the changes of the stored cumulative values, so a stock counts from its first row in the range.
     */
    public List<FlowPoint> foreignIntraday(String symbol, Instant from, Instant to) throws SQLException {
        String sql = "SELECT m, sum(sum(db)) OVER (ORDER BY m), sum(sum(ds)) OVER (ORDER BY m) FROM ("
                + " SELECT date_bin(INTERVAL '1 minute', ts, " + ORIGIN + ") AS m,"
                + " buy_val - coalesce(lag(buy_val) OVER w, 0) AS db, sell_val - coalesce(lag(sell_val) OVER w, 0) AS ds"
                + " FROM foreign_flow WHERE ts >= ? AND ts < ?" + (symbol == null ? "" : " AND symbol = ?")
                + " WINDOW w AS (PARTITION BY symbol ORDER BY ts)) x GROUP BY m ORDER BY m";
        List<FlowPoint> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setObject(1, utc(from));
            ps.setObject(2, utc(to));
            if (symbol != null) {
                ps.setString(3, symbol);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(2);
                    long s = rs.getLong(3);
                    out.add(new FlowPoint(ms(rs, 1), b, s, b - s));
                }
            }
        }
        return out;
    }

    /**
     * Foreign flow per trading day from {@code first} to {@code last} (Vietnam dates) over
     * {@code symbols}: each stock's last cumulative values of the day, summed. Days without data are left
     * out. One index lookup per stock and day, so a year of days costs the same as a week of rows.
     */
    public List<FlowDay> foreignDaily(List<String> symbols, LocalDate first, LocalDate last) throws SQLException {
        String sql = "SELECT d.day::date, sum(f.buy_val)::bigint, sum(f.sell_val)::bigint, count(*)::int"
                + " FROM generate_series(?::date, ?::date, INTERVAL '1 day') AS d(day)"
                + " CROSS JOIN unnest(?::text[]) AS s(symbol)"
                + " CROSS JOIN LATERAL (SELECT buy_val, sell_val FROM foreign_flow ff WHERE ff.symbol = s.symbol"
                + "   AND ff.ts >= (d.day::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')"
                + "   AND ff.ts < ((d.day::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')"
                + "   ORDER BY ff.ts DESC LIMIT 1) f"
                + " GROUP BY 1 ORDER BY 1";
        List<FlowDay> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setObject(1, first);
            ps.setObject(2, last);
            ps.setArray(3, c.createArrayOf("text", symbols.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(2);
                    long s = rs.getLong(3);
                    out.add(new FlowDay(rs.getObject(1, LocalDate.class).toString(), b, s, b - s, rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** Stored values of an index, newest first, at most {@code limit}. */
    public List<IndexPoint> indexSnapshots(String symbol, Instant from, Instant to, int limit) throws SQLException {
        String sql = "SELECT ts, value, change, total_qtty, total_value, advances, no_changes, declines FROM index_snapshots"
                + " WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?";
        List<IndexPoint> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            bind(ps, symbol, from, to);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexPoint(ms(rs, 1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                            rs.getInt(6), rs.getInt(7), rs.getInt(8)));
                }
            }
        }
        return out;
    }

    /** OHLC candles of an index value, oldest first. */
    public List<IndexCandle> indexCandles(String symbol, Duration interval, Instant from, Instant to) throws SQLException {
        String sql = "SELECT date_bin(make_interval(secs => ?), ts, " + ORIGIN + ") AS t,"
                + " (array_agg(value ORDER BY ts))[1], max(value), min(value), (array_agg(value ORDER BY ts DESC))[1]"
                + " FROM index_snapshots WHERE symbol = ? AND ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1";
        List<IndexCandle> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setLong(1, interval.toSeconds());
            ps.setString(2, symbol);
            ps.setObject(3, utc(from));
            ps.setObject(4, utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexCandle(ms(rs, 1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        }
        return out;
    }

    /** The futures contract per bucket from its stored trades, oldest first. */
    public List<BasisPoint> basis(String symbol, Duration interval, Instant from, Instant to) throws SQLException {
        String sql = "SELECT date_bin(make_interval(secs => ?), ts, " + ORIGIN + ") AS t,"
                + " (array_agg(price ORDER BY ts DESC))[1]::float8, (array_agg(index_value ORDER BY ts DESC))[1],"
                + " (array_agg(basis ORDER BY ts DESC))[1], min(basis), max(basis), sum(volume)::bigint"
                + " FROM futures_ticks WHERE symbol = ? AND ts >= ? AND ts < ? AND index_value > 0 GROUP BY 1 ORDER BY 1";
        List<BasisPoint> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setLong(1, interval.toSeconds());
            ps.setString(2, symbol);
            ps.setObject(3, utc(from));
            ps.setObject(4, utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BasisPoint(ms(rs, 1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getDouble(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, String symbol, Instant from, Instant to) throws SQLException {
        ps.setString(1, symbol);
        ps.setObject(2, utc(from));
        ps.setObject(3, utc(to));
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static long ms(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant().toEpochMilli();
    }
}
