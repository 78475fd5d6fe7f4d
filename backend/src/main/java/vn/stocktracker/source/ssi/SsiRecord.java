package vn.stocktracker.source.ssi;

import java.util.Arrays;
import java.util.Locale;

/**
 * The fields of one SSI content object ({@code {"RType":"X","Symbol":"FPT",...}}), keyed by
 * {@link SsiField} id. Reused for every payload: clearing is O(1) (a generation stamp).
 */
final class SsiRecord {

    private static final int CACHE_SIZE = 4096;

    private final double[] num = new double[SsiField.COUNT];
    private final int[] stamp = new int[SsiField.COUNT];
    private final String[] str = new String[SsiField.STRING_COUNT];
    private final String[] cache = new String[CACHE_SIZE];
    private int gen = 1;

    void clear() {
        gen++;
        if (gen == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            gen = 1;
        }
    }

    boolean has(int id) {
        return stamp[id] == gen;
    }

    void setNumber(int id, double v) {
        num[id] = v;
        stamp[id] = gen;
    }

    /** A string field from a parser's text buffer (copied: the buffer is reused by the next token). */
    void setString(int id, char[] chars, int from, int to) {
        setString(id, intern(chars, from, to));
    }

    void setString(int id, String value) {
        str[id] = value;
        stamp[id] = gen;
    }

    /** The number, or {@code dflt} when the field is absent. */
    double num(int id, double dflt) {
        return stamp[id] == gen ? num[id] : dflt;
    }

    /** The number rounded to a long, or {@code dflt} when absent. */
    long lng(int id, long dflt) {
        return stamp[id] == gen ? Math.round(num[id]) : dflt;
    }

    /** The number times {@code scale}, rounded; {@code dflt} when absent. */
    long scaled(int id, int scale, long dflt) {
        return stamp[id] == gen ? Math.round(num[id] * scale) : dflt;
    }

    /** The string, or null when absent. */
    String str(int id) {
        return stamp[id] == gen ? str[id] : null;
    }

    /** The string trimmed and upper-cased, or null when absent or blank. */
    String code(int id) {
        String s = str(id);
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z' || c > 127) {
                return t.toUpperCase(Locale.ROOT);
            }
        }
        return t;
    }

    /**
     * The string of {@code c[from, to)}, from a small direct-mapped cache when it was seen recently:
     * symbols, dates, times and session codes repeat from frame to frame, so most fields cost no allocation.
     */
    private String intern(char[] c, int from, int to) {
        int n = to - from;
        if (n > 24) {
            return new String(c, from, n);
        }
        int h = n;
        for (int i = from; i < to; i++) {
            h = 31 * h + c[i];
        }
        int slot = (h ^ (h >>> 12)) & (CACHE_SIZE - 1);
        String cached = cache[slot];
        if (cached != null && cached.length() == n) {
            int i = 0;
            while (i < n && cached.charAt(i) == c[from + i]) {
                i++;
            }
            if (i == n) {
                return cached;
            }
        }
        String s = new String(c, from, n);
        cache[slot] = s;
        return s;
    }
}
