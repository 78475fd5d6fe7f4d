package vn.stocktracker.market.alert;

import java.util.Locale;

/** The four kinds of alert (API.md "Alert"); {@link #wire()} is the name used in JSON and queries. */
public enum AlertKind {
    /** A trade far above the symbol's recent average trade volume. */
    VOLUME_SPIKE,
    /** The last price reached the ceiling or the floor of the day's band. */
    PRICE_BREAKOUT,
    /** A stock's foreign net value moved sharply within a few minutes. */
    FOREIGN_ACCELERATION,
    /** The futures basis changed sign (premium to discount or back). */
    BASIS_FLIP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a wire name, or null. */
    public static AlertKind fromWire(String s) {
        for (AlertKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
