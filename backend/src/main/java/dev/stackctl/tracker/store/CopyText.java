package dev.stackctl.tracker.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fast formatting of values for PostgreSQL's COPY text format. Not thread-safe (one per writer). */
final class CopyText {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedText = "";

    /** Appends an epoch-ms instant as {@code yyyy-MM-dd HH:mm:ss.SSS+00}. */
    void timestamp(StringBuilder sb, long epochMs) {
        long sec = Math.floorDiv(epochMs, 1000L);
        if (sec != cachedSecond) {
            cachedSecond = sec;
            cachedText = SECOND.format(Instant.ofEpochSecond(sec));
        }
        int ms = (int) Math.floorMod(epochMs, 1000L);
        sb.append(cachedText).append('.');
        if (ms < 100) {
            sb.append('0');
        }
        if (ms < 10) {
            sb.append('0');
        }
        sb.append(ms).append("+00");
    }

    /** Appends hundredths as a decimal with two places ({@code 132540} -> {@code 1325.40}). */
    static void hundredths(StringBuilder sb, long v) {
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        sb.append(v / 100).append('.');
        long f = v % 100;
        if (f < 10) {
            sb.append('0');
        }
        sb.append(f);
    }
}
