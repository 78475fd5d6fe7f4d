package vn.stocktracker.market;

/** Who initiated a trade. */
public enum TradeSide {
    /** The buyer crossed the spread (trade at the best ask or above). */
    BUY,
    /** The seller crossed the spread (trade at the best bid or below). */
    SELL,
    /** Inside the spread, or an ATO/ATC auction match. */
    NEUTRAL,
    /** Not known by the source; the processor decides. */
    UNKNOWN
}
