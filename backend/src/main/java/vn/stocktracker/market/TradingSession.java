package vn.stocktracker.market;

import java.util.Locale;

/**
 * The trading session an event belongs to. Sources map their own codes with {@link #fromCode(String)}.
 */
public enum TradingSession {
    /** Before the opening auction. */
    PRE_OPEN,
    /** Opening call auction (HOSE 09:00-09:15). Trades are neutral. */
    ATO,
    /** Continuous matching (HOSE 09:15-11:30 and 13:00-14:30). */
    CONTINUOUS,
    /** Lunch break 11:30-13:00. */
    LUNCH,
    /** Closing call auction (14:30-14:45). Trades are neutral. */
    ATC,
    /** Put-through only, until 15:00. */
    PUT_THROUGH,
    /** Market closed. */
    CLOSED;

    /** True for the call auctions, in which no trade is an active buy or sell. */
    public boolean isAuction() {
        return this == ATO || this == ATC;
    }

    /**
     * Maps an exchange / SSI session code leniently: {@code ATO}, {@code ATC}, {@code LO}/{@code CONT}/
     * {@code CONTINUOUS} (continuous), {@code BREAK}/{@code LB}/{@code LUNCH}, {@code PT}/{@code PUT_THROUGH},
     * {@code C}/{@code CLOSED}/{@code END}, {@code PRE}/{@code PRE_OPEN}. Unknown or blank codes give {@code null}
     * so the caller can keep the previous session.
     */
    public static TradingSession fromCode(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return switch (code.trim().toUpperCase(Locale.ROOT)) {
            case "ATO" -> ATO;
            case "ATC" -> ATC;
            case "LO", "CONT", "CONTINUOUS", "OPEN" -> CONTINUOUS;
            case "BREAK", "LB", "LUNCH", "INTERMISSION" -> LUNCH;
            case "PT", "PUT_THROUGH", "PUTTHROUGH" -> PUT_THROUGH;
            case "C", "CLOSED", "CLOSE", "END", "EOD" -> CLOSED;
            case "PRE", "PRE_OPEN", "PREOPEN" -> PRE_OPEN;
            default -> null;
        };
    }
}
