package dev.stackctl.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose durations ({@code 1m30s}, {@code 10s}, {@code 500ms}, {@code 1h}): parse and canonical print. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|ns)");

    private Durations() {}

    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration; write e.g. 10s, 1m30s or 500ms");
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        Duration total = Duration.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 10s, 1m30s or 500ms (units h, m, s, ms)");
            }
            double n = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "h" -> (long) (n * 3_600_000_000_000L);
                case "m" -> (long) (n * 60_000_000_000L);
                case "s" -> (long) (n * 1_000_000_000L);
                case "ms" -> (long) (n * 1_000_000L);
                case "us" -> (long) (n * 1_000L);
                default -> (long) n;
            };
            total = total.plusNanos(nanos);
            pos = m.end();
        }
        return total;
    }

    /** Prints the canonical compose form, e.g. {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        long ms = d.toMillisPart();
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (s > 0) sb.append(s).append('s');
        if (ms > 0) sb.append(ms).append("ms");
        return sb.toString();
    }

    static Duration requireNonNegative(Duration d, String what) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got -" + format(d.abs()));
        }
        return d;
    }

    static Duration requirePositive(Duration d, String what) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + format(d.abs()) + (d.isNegative() ? " (negative)" : ""));
        }
        return d;
    }
}
