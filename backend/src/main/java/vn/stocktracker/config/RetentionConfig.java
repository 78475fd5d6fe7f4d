package vn.stocktracker.config;

/**
 * How long the database keeps what the writer stores ({@code RETENTION_RAW_DAYS}, {@code RETENTION_CANDLE_DAYS}).
 * Raw time series (ticks, futures ticks, index snapshots, foreign flow) go after {@code rawDays}; the
 * 1-minute candles (every chart interval and the daily bars are built from them) and the alerts after
 * {@code candleDays}. Both are counted back from the newest stored data, see
 * {@link vn.stocktracker.store.Retention}.
 *
 * @param rawDays    3-3650: at least 3 so that a continuous aggregate's refresh window (2 days, on the
 *                   TimescaleDB edition that has them) never reaches into dropped raw data
 * @param candleDays {@code rawDays}-36500
 */
public record RetentionConfig(int rawDays, int candleDays) {
    public static final int MIN_RAW_DAYS = 3;
    public static final int MAX_RAW_DAYS = 3_650;
    public static final int MAX_CANDLE_DAYS = 36_500;
    public static final RetentionConfig DEFAULT = new RetentionConfig(30, 365);

    public RetentionConfig {
        if (rawDays < MIN_RAW_DAYS || rawDays > MAX_RAW_DAYS) {
            throw new IllegalArgumentException("raw days " + rawDays + " outside " + MIN_RAW_DAYS + "-" + MAX_RAW_DAYS);
        }
        if (candleDays < rawDays || candleDays > MAX_CANDLE_DAYS) {
            throw new IllegalArgumentException("candle days " + candleDays + " outside " + rawDays + "-" + MAX_CANDLE_DAYS);
        }
    }
}
