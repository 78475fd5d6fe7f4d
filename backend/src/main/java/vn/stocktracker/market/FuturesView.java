package vn.stocktracker.market;

import java.util.List;

/** An immutable view of the VN30F contract (see API.md "FuturesView"). Prices in points. */
public record FuturesView(
        String symbol, String exchange, String session, long ts,
        double ref, double ceiling, double floor,
        double open, double high, double low, double last, double change, double changePct,
        long totalVol, long totalVal,
        List<PointLevel> bids, List<PointLevel> asks,
        long activeBuyVol, long activeSellVol, long neutralVol, String lastSide, long lastVol,
        String underlying, double indexValue, double basis, double basisPct, String basisState) {

    /** A book level in points. */
    public record PointLevel(double price, long volume) {
    }
}
