package vn.stocktracker.store;

import vn.stocktracker.market.ProcessorOutput.TickRow;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 1-minute candles of one batch of ticks, with their active buy and active sell volume, upserted into {@code candles_1m} in the batch's own
 * transaction (where no continuous aggregate builds them). Batches may reach the table out of time
 * order, so open and close are decided by {@code first_ts}/{@code last_ts}, and within a batch ties in
 * time keep arrival order. One instance per batch; not thread-safe.
 */
final class CandleAggregator {

    private static final String UPSERT = """
            INSERT INTO candles_1m AS c (symbol, bucket, open, high, low, close, volume, first_ts, last_ts,
                                         buy_volume, sell_volume)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (symbol, bucket) DO UPDATE SET
              open = CASE WHEN EXCLUDED.first_ts < c.first_ts THEN EXCLUDED.open ELSE c.open END,
              close = CASE WHEN EXCLUDED.last_ts >= c.last_ts THEN EXCLUDED.close ELSE c.close END,
              high = GREATEST(c.high, EXCLUDED.high),
              low = LEAST(c.low, EXCLUDED.low),
              volume = c.volume + EXCLUDED.volume,
              buy_volume = c.buy_volume + EXCLUDED.buy_volume,
              sell_volume = c.sell_volume + EXCLUDED.sell_volume,
              first_ts = LEAST(c.first_ts, EXCLUDED.first_ts),
              last_ts = GREATEST(c.last_ts, EXCLUDED.last_ts)""";

    /** A symbol's minute; futures prices are hundredths of a point, stocks' VND. */
    record Key(String symbol, long minute, boolean futures) {
    }

    /** One minute of one symbol within the batch. */
    static final class Candle {
        long open;
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long close;
        long volume;
        long buyVolume;
        long sellVolume;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;

        void add(TickRow t) {
            if (t.ts() < firstTs) {
                firstTs = t.ts();
                open = t.price();
            }
            if (t.ts() >= lastTs) {
                lastTs = t.ts();
                close = t.price();
            }
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            volume += t.volume();
            switch (t.side()) {
                case BUY -> buyVolume += t.volume();
                case SELL -> sellVolume += t.volume();
                default -> {
                }
            }
        }
    }

    private final Map<Key, Candle> candles = new LinkedHashMap<>();

    void add(TickRow t) {
        long minute = t.ts() - Math.floorMod(t.ts(), 60_000L);
        candles.computeIfAbsent(new Key(t.symbol(), minute, t.futures()), k -> new Candle()).add(t);
    }

    /** The candles so far, by key (tests). */
    Map<Key, Candle> candles() {
        return candles;
    }

    /** Upserts the candles on {@code c} (inside the caller's transaction); returns how many. */
    int upsert(Connection c) throws SQLException {
        if (candles.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Map.Entry<Key, Candle> e : candles.entrySet()) {
                Key k = e.getKey();
                Candle v = e.getValue();
                ps.setString(1, k.symbol());
                ps.setObject(2, utc(k.minute()));
                ps.setBigDecimal(3, price(v.open, k.futures()));
                ps.setBigDecimal(4, price(v.high, k.futures()));
                ps.setBigDecimal(5, price(v.low, k.futures()));
                ps.setBigDecimal(6, price(v.close, k.futures()));
                ps.setLong(7, v.volume);
                ps.setObject(8, utc(v.firstTs));
                ps.setObject(9, utc(v.lastTs));
                ps.setLong(10, v.buyVolume);
                ps.setLong(11, v.sellVolume);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return candles.size();
    }

    private static BigDecimal price(long p, boolean futures) {
        return futures ? BigDecimal.valueOf(p, 2) : BigDecimal.valueOf(p);
    }

    private static OffsetDateTime utc(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
