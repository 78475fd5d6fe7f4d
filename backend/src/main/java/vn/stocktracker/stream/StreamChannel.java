package vn.stocktracker.stream;

import java.util.Locale;

/**
 * The Redis streams the collector publishes, one per kind of change (key {@code tracker:stream:<name>}).
 * One publish of the processor (one sequence number) adds one entry to each stream whose part changed.
 */
public enum StreamChannel {
    MARKET, FOREIGN, INDEX, FUTURES, ALERTS;

    public static final String PREFIX = "tracker:stream:";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String key() {
        return PREFIX + wire();
    }

    public static StreamChannel ofKey(String key) {
        for (StreamChannel c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a tracker stream: " + key);
    }
}
