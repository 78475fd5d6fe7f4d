package vn.stocktracker.market;

import java.util.List;

/** The whole market state at one moment; immutable, safe to share between threads. */
public record MarketSnapshot(
        long ts, String session, List<StockView> stocks, List<IndexView> indices, FuturesView futures,
        List<ForeignView> foreign, List<VolumeStats> volumeStats) {

    public static final MarketSnapshot EMPTY = new MarketSnapshot(0, "closed", List.of(), List.of(), null, List.of(), List.of());

    public MarketSnapshot {
        stocks = List.copyOf(stocks);
        indices = List.copyOf(indices);
        foreign = List.copyOf(foreign);
        volumeStats = List.copyOf(volumeStats);
    }
}
