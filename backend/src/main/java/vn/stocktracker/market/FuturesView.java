package vn.stocktracker.market;

import java.util.List;

/**
 * An immutable view of the shown VN30F contract (the most traded of the tracked ones, or the one pinned by
 * {@code FUTURES_SHOWN}), with a summary of every tracked contract (see API.md "FuturesView"). Prices in
 * points; {@code openInterest} is null when the feed does not give it.
 */
public record FuturesView(
        String symbol, String exchange, String session, long ts,
        double ref, double ceiling, double floor,
        double open, double high, double low, double last, double change, double changePct,
        long totalVol, long totalVal,
        List<PointLevel> bids, List<PointLevel> asks,
        long activeBuyVol, long activeSellVol, long neutralVol, String lastSide, long lastVol,
        String underlying, double indexValue, double basis, double basisPct, String basisState,
        Long openInterest, List<ContractView> contracts) {

    public FuturesView {
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
    }

    /** This view with the summaries of all tracked contracts. */
    public FuturesView withContracts(List<ContractView> all) {
        return new FuturesView(symbol, exchange, session, ts, ref, ceiling, floor, open, high, low, last, change,
                changePct, totalVol, totalVal, bids, asks, activeBuyVol, activeSellVol, neutralVol, lastSide, lastVol,
                underlying, indexValue, basis, basisPct, basisState, openInterest, all);
    }

    /**
     * One tracked contract in brief: points, the day's volume, open interest (null when unknown), basis
     * against VN30, and whether it is the one shown.
     */
    public record ContractView(String symbol, double last, double change, double changePct, long totalVol,
                               Long openInterest, double basis, boolean shown) {
    }

    /** A book level in points. */
    public record PointLevel(double price, long volume) {
    }
}
