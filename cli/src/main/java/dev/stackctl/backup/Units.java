package dev.stackctl.backup;

import java.util.Locale;

/** Byte sizes and counts for people: 1.5 MB, 12,345. */
final class Units {
    private Units() {}

    /** Decimal units (kB, MB, GB), as the rates of disks and networks are given. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
