package vn.stocktracker.market;

import java.util.List;

/** An immutable board row for a stock (see API.md "StockView"). Prices VND. */
public record StockView(
        String symbol, String exchange, String session, long ts,
        long ref, long ceiling, long floor,
        long open, long high, long low, long last, long change, double changePct,
        long totalVol, long totalVal,
        List<PriceLevel> bids, List<PriceLevel> asks,
        long activeBuyVol, long activeSellVol, long neutralVol, String lastSide, long lastVol) {
}
