package vn.stocktracker.bench;

import java.util.Arrays;

/** Medians and percentiles for the benchmark programs. */
final class Stats {
    private Stats() {
    }

    static double median(double[] v) {
        return percentile(v, 50);
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static String env() {
        return "java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, load average " + String.format("%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
