package vn.stocktracker.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Parsing of query parameters with one-line errors naming the parameter. */
final class Params {
    static final Map<String, Duration> INTERVALS = Map.of(
            "1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5), "15m", Duration.ofMinutes(15),
            "30m", Duration.ofMinutes(30), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));

    private Params() {
    }

    /** Epoch ms or ISO-8601 with an offset; {@code def} when absent. */
    static Instant time(String name, String value, Instant def) {
        if (value == null || value.isBlank()) {
            return def;
        }
        String v = value.trim();
        if (v.matches("-?\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + value + "' is not a time; use epoch milliseconds or ISO-8601 with an offset, e.g. 2025-12-01T09:15:00+07:00");
        }
    }

    static Duration interval(String value) {
        String v = value == null || value.isBlank() ? "1m" : value.trim();
        Duration d = INTERVALS.get(v);
        if (d == null) {
            throw ApiException.badParameter("interval", "'" + value + "' is not supported; use one of 1m, 5m, 15m, 30m, 1h, 1d");
        }
        return d;
    }

    static int intIn(String name, String value, int def, int min, int max) {
        if (value == null || value.isBlank()) {
            return def;
        }
        try {
            int i = Integer.parseInt(value.trim());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter(name, "'" + value + "' is not a whole number from " + min + " to " + max);
    }
}
