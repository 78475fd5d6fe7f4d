package vn.stocktracker.market.alert;

import java.util.Locale;

/** How much an alert asks for attention; the page pops up a notification for {@link #CRITICAL} ones. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity for a wire name, or null. */
    public static Severity fromWire(String s) {
        for (Severity v : values()) {
            if (v.wire().equals(s)) {
                return v;
            }
        }
        return null;
    }
}
