package vn.stocktracker.market;

import java.util.List;

/** An immutable view of an index (see API.md "IndexView"). {@code series} holds {@code [ts, value]} pairs: epoch ms (Long) and points (Double). */
public record IndexView(
        String symbol, String session, long ts,
        double value, double prior, double change, double changePct,
        long totalQtty, long totalValue,
        int advances, int noChanges, int declines, int ceilings, int floors,
        List<Number[]> series) {

    /** The same view without its series (for WebSocket updates). */
    public IndexView withoutSeries() {
        return new IndexView(symbol, session, ts, value, prior, change, changePct, totalQtty, totalValue,
                advances, noChanges, declines, ceilings, floors, List.of());
    }
}
