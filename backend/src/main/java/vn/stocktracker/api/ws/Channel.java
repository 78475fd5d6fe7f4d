package vn.stocktracker.api.ws;

import java.util.Locale;

/** The WebSocket channels, {@code /ws/market}, {@code /ws/foreign}, {@code /ws/index}, {@code /ws/alerts}. */
public enum Channel {
    MARKET, FOREIGN, INDEX, ALERTS;

    /** The name on the wire and in the path. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
