package vn.stocktracker.source.ssi;

import java.util.Arrays;

/**
 * The fields of one SSI content object ({@code {"RType":"X","Symbol":"FPT",...}}), keyed by
 * {@link SsiField} id. Reused for every payload: clearing is O(1) (a generation stamp), and string
 * fields are kept as ranges of the parse buffer until asked for.
 */
final class SsiRecord {

    private final double[] num = new double[SsiField.COUNT];
    private final int[] stamp = new int[SsiField.COUNT];
    private int gen = 1;

    private final char[][] strChars = new char[SsiField.STRING_COUNT][];
    private final int[] strFrom = new int[SsiField.STRING_COUNT];
    private final int[] strTo = new int[SsiField.STRING_COUNT];
    private final String[] strValue = new String[SsiField.STRING_COUNT];

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

    void setString(int id, char[] chars, int from, int to) {
        strChars[id] = chars;
        strFrom[id] = from;
        strTo[id] = to;
        strValue[id] = null;
        stamp[id] = gen;
    }

    void setString(int id, String value) {
        strChars[id] = null;
        strValue[id] = value;
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
        if (stamp[id] != gen) {
            return null;
        }
        String v = strValue[id];
        if (v == null) {
            v = intern(strChars[id], strFrom[id], strTo[id]);
            strValue[id] = v;
        }
        return v;
    }

    private static final int CACHE_SIZE = 4096;
    private final String[] cache = new String[CACHE_SIZE];

    /**
     * The string of {@code c[from, to)}, from a small direct-mapped cache when it was seen recently: symbols,
     * dates, times and session codes repeat from frame to frame, so most fields cost no allocation.
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

    /** The string trimmed and upper-cased (ASCII), or null when absent or blank. */
    String code(int id) {
        if (stamp[id] != gen) {
            return null;
        }
        if (strValue[id] == null) {
            char[] c = strChars[id];
            int from = strFrom[id];
            int to = strTo[id];
            while (from < to && c[from] <= ' ') {
                from++;
            }
            while (to > from && c[to - 1] <= ' ') {
                to--;
            }
            if (from == to) {
                return null;
            }
            boolean upper = true;
            for (int i = from; i < to; i++) {
                if (c[i] >= 'a' && c[i] <= 'z') {
                    upper = false;
                    break;
                }
            }
            String s = intern(c, from, to);
            strValue[id] = upper ? s : s.toUpperCase(java.util.Locale.ROOT);
            return strValue[id];
        }
        String s = strValue[id].trim();
        return s.isEmpty() ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
