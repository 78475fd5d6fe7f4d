package vn.stocktracker.api.ws;

import java.util.Locale;

/** The three WebSocket channels, {@code /ws/market}, {@code /ws/foreign}, {@code /ws/index}. */
public enum Channel {
    MARKET, FOREIGN, INDEX;

    /** The name on the wire and in the path. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
