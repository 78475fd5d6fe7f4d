package vn.stocktracker.market;

import vn.stocktracker.market.alert.Alert;

import java.util.List;
import java.util.Map;

/**
 * The whole market state at one moment; immutable, safe to share between threads.
 *
 * @param alerts      the day's alerts, newest first (at most {@link vn.stocktracker.market.alert.AlertEngine#MAX_TODAY})
 * @param derivatives the futures basis and price through the day; null without a contract
 * @param foreignFlow market-wide foreign flow through the day
 * @param sparklines  per stock the last 50 distinct trade prices, oldest first
 */
public record MarketSnapshot(
        long ts, String session, List<StockView> stocks, List<IndexView> indices, FuturesView futures,
        List<ForeignView> foreign, List<VolumeStats> volumeStats,
        List<Alert> alerts, DerivativesView derivatives, ForeignFlowView foreignFlow, Map<String, List<Long>> sparklines) {

    public static final MarketSnapshot EMPTY = new MarketSnapshot(0, "closed", List.of(), List.of(), null, List.of(), List.of());

    public MarketSnapshot {
        stocks = List.copyOf(stocks);
        indices = List.copyOf(indices);
        foreign = List.copyOf(foreign);
        volumeStats = List.copyOf(volumeStats);
        alerts = List.copyOf(alerts);
        foreignFlow = foreignFlow == null ? ForeignFlowView.EMPTY : foreignFlow;
        sparklines = Map.copyOf(sparklines);
    }

    /** A snapshot without the day's analysis (alerts, series, sparklines). */
    public MarketSnapshot(long ts, String session, List<StockView> stocks, List<IndexView> indices, FuturesView futures,
                          List<ForeignView> foreign, List<VolumeStats> volumeStats) {
        this(ts, session, stocks, indices, futures, foreign, volumeStats, List.of(), null, ForeignFlowView.EMPTY, Map.of());
    }
}
