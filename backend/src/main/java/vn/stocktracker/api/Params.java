package vn.stocktracker.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;

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

    /** A time range from query parameters: {@code from} inclusive, {@code to} exclusive. */
    record TimeRange(Instant from, Instant to) {
    }

    /**
     * {@code from}/{@code to} with defaults ({@code to} = now, {@code from} = {@code to - span}); 400 when
     * {@code from} is not before {@code to} or the range is longer than {@code max}.
     */
    static TimeRange range(String fromValue, String toValue, Instant now, Duration span, Duration max) {
        Instant to = time("to", toValue, now);
        Instant from = time("from", fromValue, to.minus(span));
        if (!from.isBefore(to)) {
            throw ApiException.badParameter("from", "must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw ApiException.badParameter("from", "the range from..to is longer than " + max.toDays() + " days; narrow it");
        }
        return new TimeRange(from, to);
    }

    /** A stock or futures symbol (path parameter {@code symbol}); 404 otherwise. */
    static Instrument tradable(Instruments instruments, String raw) {
        Instrument i = instruments.get(raw.toUpperCase(Locale.ROOT));
        if (i == null || i.type() == Instrument.Type.INDEX) {
            throw new ApiException(404, "symbol", "symbol: unknown or not traded: '" + raw + "'; see GET /api/symbols");
        }
        return i;
    }

    /** An index code (path parameter {@code symbol}); 404 otherwise. */
    static Instrument index(Instruments instruments, String raw) {
        Instrument i = instruments.get(raw.toUpperCase(Locale.ROOT));
        if (i == null || i.type() != Instrument.Type.INDEX) {
            throw new ApiException(404, "symbol", "symbol: not an index: '" + raw + "'; use VN30 or VNINDEX");
        }
        return i;
    }

    /** Parses {@code ?symbols=A,B} of stocks; null when absent; 404 for an unknown stock. */
    static Set<String> stocks(Instruments instruments, String param, String value) {
        return list(param, value, s -> {
            Instrument i = instruments.get(s);
            if (i == null || i.type() != Instrument.Type.STOCK) {
                throw new ApiException(404, param, param + ": unknown stock '" + s + "'; see GET /api/symbols");
            }
            return s;
        });
    }

    /**
     * A comma-separated list, each item trimmed and upper-cased, checked and mapped by {@code check}
     * (which throws for a bad item); null when the parameter is absent or empty.
     */
    static Set<String> list(String param, String value, Function<String, String> check) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : value.split(",")) {
            String v = s.trim().toUpperCase(Locale.ROOT);
            if (!v.isEmpty()) {
                out.add(check.apply(v));
            }
        }
        return out.isEmpty() ? null : out;
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
