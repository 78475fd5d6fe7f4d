package dev.stackctl.apt;

import java.util.Comparator;

/**
 * Debian version ordering ({@code [epoch:]upstream[-revision]}), as dpkg defines it in
 * deb-version(7): epochs numerically, then upstream version and revision each by alternating
 * non-digit parts (letters before non-letters, {@code ~} before everything, even the end) and
 * digit parts (numerically).
 */
public final class DebianVersion {
    private DebianVersion() {}

    public static final Comparator<String> ORDER = DebianVersion::compare;

    public static int compare(String a, String b) {
        long ea = epoch(a);
        long eb = epoch(b);
        if (ea != eb) {
            return Long.compare(ea, eb);
        }
        String ra = withoutEpoch(a);
        String rb = withoutEpoch(b);
        int da = ra.lastIndexOf('-');
        int db = rb.lastIndexOf('-');
        String ua = da < 0 ? ra : ra.substring(0, da);
        String ub = db < 0 ? rb : rb.substring(0, db);
        int c = compareFragment(ua, ub);
        if (c != 0) {
            return c;
        }
        return compareFragment(da < 0 ? "" : ra.substring(da + 1), db < 0 ? "" : rb.substring(db + 1));
    }

    private static long epoch(String v) {
        int colon = v.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        try {
            return Long.parseLong(v.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String withoutEpoch(String v) {
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(colon + 1);
    }

    /** Weight of one character in a non-digit part: {@code ~} lowest, then the end, letters, the rest. */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (Character.isDigit(c)) {
            return 0;
        }
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }

    private static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // non-digit prefix
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int oa = order(a, i);
                int ob = order(b, j);
                if (oa != ob) {
                    return Integer.compare(oa, ob);
                }
                i++;
                j++;
            }
            // digit part, numerically
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int first = 0;
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (first == 0) {
                    first = Integer.compare(a.charAt(i), b.charAt(j));
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (first != 0) {
                return first;
            }
        }
        return 0;
    }
}
