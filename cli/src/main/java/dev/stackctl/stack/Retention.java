package dev.stackctl.stack;

import dev.stackctl.model.EnvVar;
import dev.stackctl.model.Interpolated;
import java.time.Duration;
import java.util.List;

/**
 * How long the stock tracker's database keeps its data (issue 18): raw time series (ticks, futures
 * ticks, index snapshots, foreign flow) for {@code raw}, the 1-minute candles every chart is built from
 * and the alerts for {@code candles}. The backend that writes drops older chunks itself (drop_chunks,
 * hourly); the windows reach it as {@code RETENTION_RAW_DAYS} and {@code RETENTION_CANDLE_DAYS}, whose
 * defaults in the compose file are these values, so an operator can still set them in generated/.env
 * (the backend checks them at start and names the variable of a bad value).
 *
 * @param raw     whole days, 3 to 3650 (the backend's own bounds: a continuous aggregate refreshes the last 2 days)
 * @param candles whole days, at least {@code raw}, at most 36500
 */
public record Retention(Duration raw, Duration candles) {
    public static final String RAW_VARIABLE = "RETENTION_RAW_DAYS";
    public static final String CANDLE_VARIABLE = "RETENTION_CANDLE_DAYS";
    public static final Retention DEFAULT = days(30, 365);

    public Retention {
        long rawDays = wholeDays(raw, "raw retention");
        long candleDays = wholeDays(candles, "candle retention");
        if (rawDays < 3 || rawDays > 3_650) {
            throw new IllegalArgumentException("raw retention must be 3-3650 days, got " + rawDays);
        }
        if (candleDays < rawDays || candleDays > 36_500) {
            throw new IllegalArgumentException("candle retention must be " + rawDays + "-36500 days (at least the raw one), got " + candleDays);
        }
    }

    public static Retention days(long raw, long candles) {
        return new Retention(Duration.ofDays(raw), Duration.ofDays(candles));
    }

    private static long wholeDays(Duration d, String what) {
        if (d == null || d.isNegative() || !d.equals(Duration.ofDays(d.toDays()))) {
            throw new IllegalArgumentException(what + " must be a whole number of days, got " + d);
        }
        return d.toDays();
    }

    /** The backend's environment entries: the model's windows as defaults of the two variables. */
    List<EnvVar> environment() {
        return List.of(
                new EnvVar(RAW_VARIABLE, Interpolated.withDefault(RAW_VARIABLE, Long.toString(raw.toDays()))),
                new EnvVar(CANDLE_VARIABLE, Interpolated.withDefault(CANDLE_VARIABLE, Long.toString(candles.toDays()))));
    }
}
