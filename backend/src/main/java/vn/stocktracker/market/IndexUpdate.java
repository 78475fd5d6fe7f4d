package vn.stocktracker.market;

/**
 * An index value (SSI channel {@code MI}). {@link #symbol()} is the index code ({@code VN30}, {@code VNINDEX}).
 *
 * @param symbol      index code (SSI {@code IndexId})
 * @param ts          exchange time, epoch ms UTC
 * @param session     trading session; {@code null} if unknown
 * @param value       index value, points
 * @param priorValue  previous close, points
 * @param totalQtty   cumulative matched volume of the index's stocks, shares
 * @param totalValue  cumulative matched value, VND
 * @param advances    stocks up
 * @param noChanges   stocks unchanged
 * @param declines    stocks down
 * @param ceilings    stocks at ceiling
 * @param floors      stocks at floor
 */
public record IndexUpdate(
        String symbol, long ts, TradingSession session,
        double value, double priorValue,
        long totalQtty, long totalValue,
        int advances, int noChanges, int declines, int ceilings, int floors) implements MarketEvent {

    /** Points change from the prior close. */
    public double change() {
        return value - priorValue;
    }
}
