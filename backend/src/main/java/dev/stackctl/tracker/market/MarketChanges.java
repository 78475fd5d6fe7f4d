package dev.stackctl.tracker.market;

import java.util.List;

/** What changed since the previous drain (coalesced: one latest view per symbol). */
public record MarketChanges(long ts, List<StockView> stocks, List<ForeignView> foreign, List<IndexView> indices,
                            FuturesView futures) {

    public boolean isEmpty() {
        return stocks.isEmpty() && foreign.isEmpty() && indices.isEmpty() && futures == null;
    }
}
