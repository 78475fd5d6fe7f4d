package vn.stocktracker.source.ssi;

/**
 * Numbers that SSI sends as text ({@code "22950"}, {@code " 1,523,400 "}, {@code "118500.0"}): not JSON
 * numbers (the JSON grammar is Jackson's job), but the content of JSON strings, read leniently because
 * SSI's REST and streaming payloads both do this. Surrounding blanks and thousands separators before
 * the decimal point are accepted; anything else that {@link Double#parseDouble} rejects gives NaN.
 */
final class LenientNumber {

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    private LenientNumber() {
    }

    static double parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /**
     * The number in {@code c[from, to)}, or NaN. Plain decimals of at most 15 significant digits take an
     * exact path without allocating (a mantissa below 2^53 divided by an exact power of ten is correctly
     * rounded); anything else goes through {@link Double#parseDouble}.
     */
    static double parse(char[] c, int from, int to) {
        while (from < to && c[from] <= ' ') {
            from++;
        }
        while (to > from && c[to - 1] <= ' ') {
            to--;
        }
        if (from >= to) {
            return Double.NaN;
        }
        int p = from;
        boolean neg = c[p] == '-';
        if (neg || c[p] == '+') {
            p++;
        }
        long mant = 0;
        int digits = 0;
        int frac = 0;
        boolean dot = false;
        boolean any = false;
        for (; p < to; p++) {
            char ch = c[p];
            if (ch >= '0' && ch <= '9') {
                any = true;
                if (mant != 0 || ch != '0') {
                    digits++;
                }
                mant = mant * 10 + (ch - '0');
                frac += dot ? 1 : 0;
                if (digits > 15 || frac > 18) {
                    return slow(c, from, to);
                }
            } else if (ch == '.' && !dot) {
                dot = true;
            } else if (ch != ',' || dot) {
                return slow(c, from, to);
            }
        }
        if (!any) {
            return Double.NaN;
        }
        double v = frac == 0 ? (double) mant : mant / POW10[frac];
        return neg ? -v : v;
    }

    private static double slow(char[] c, int from, int to) {
        String s = new String(c, from, to - from).replace(",", "");
        try {
            double d = Double.parseDouble(s);
            // parseDouble also reads "NaN", "Infinity" and hex floats, which no price is
            return Double.isFinite(d) && s.indexOf('x') < 0 && s.indexOf('X') < 0 ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
