package dev.stackctl.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte size as Compose writes it ({@code 512M}, {@code 1G}, {@code 1.5g}, {@code 100k}, {@code 64mb}).
 * Prints in the largest unit that divides the size exactly, so {@code parse(s).toString()} is stable.
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmg]?)b?", Pattern.CASE_INSENSITIVE);
    private static final long K = 1024, M = K * 1024, G = M * 1024;

    public MemorySize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory size must be positive, got " + bytes + " bytes");
        }
    }

    public static MemorySize ofMegabytes(long mb) {
        return new MemorySize(mb * M);
    }

    public static MemorySize ofGigabytes(long gb) {
        return new MemorySize(gb * G);
    }

    /** Parses {@code 512M}, {@code 1g}, {@code 1.5G}, {@code 1048576}; the message says what is accepted. */
    public static MemorySize parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size; write a number with an optional unit b, k, m or g, e.g. 512M or 1G");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> K;
            case "m" -> M;
            case "g" -> G;
            default -> 1;
        };
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive byte size");
        }
        return new MemorySize(value.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    public long megabytes() {
        return bytes / M;
    }

    @Override
    public String toString() {
        if (bytes % G == 0) {
            return bytes / G + "G";
        }
        if (bytes % M == 0) {
            return bytes / M + "M";
        }
        if (bytes % K == 0) {
            return bytes / K + "K";
        }
        return Long.toString(bytes);
    }

    @Override
    public int compareTo(MemorySize o) {
        return Long.compare(bytes, o.bytes);
    }
}
