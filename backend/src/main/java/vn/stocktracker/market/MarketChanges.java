package vn.stocktracker.market;

import vn.stocktracker.market.alert.Alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed since the previous drain (coalesced: one latest view per symbol). Alerts are events,
 * not state: {@code alerts} holds every alert fired since the previous drain, oldest first, and
 * {@link #then} keeps them all.
 */
public record MarketChanges(long ts, List<StockView> stocks, List<ForeignView> foreign, List<IndexView> indices,
                            FuturesView futures, List<Alert> alerts) {

    public MarketChanges {
        stocks = List.copyOf(stocks);
        foreign = List.copyOf(foreign);
        indices = List.copyOf(indices);
        alerts = List.copyOf(alerts);
    }

    /** Changes without alerts. */
    public MarketChanges(long ts, List<StockView> stocks, List<ForeignView> foreign, List<IndexView> indices,
                         FuturesView futures) {
        this(ts, stocks, foreign, indices, futures, List.of());
    }

    public boolean isEmpty() {
        return stocks.isEmpty() && foreign.isEmpty() && indices.isEmpty() && futures == null && alerts.isEmpty();
    }

    /** These changes followed by {@code newer}: per symbol the newer view wins; alerts of both, in order. */
    public MarketChanges then(MarketChanges newer) {
        List<Alert> a = alerts;
        if (!newer.alerts.isEmpty()) {
            a = new ArrayList<>(alerts);
            a.addAll(newer.alerts);
        }
        return new MarketChanges(Math.max(ts, newer.ts),
                merge(stocks, newer.stocks, StockView::symbol),
                merge(foreign, newer.foreign, ForeignView::symbol),
                merge(indices, newer.indices, IndexView::symbol),
                newer.futures != null ? newer.futures : futures, a);
    }

    private static <T> List<T> merge(List<T> older, List<T> newer, java.util.function.Function<T, String> key) {
        if (older.isEmpty()) {
            return newer;
        }
        if (newer.isEmpty()) {
            return older;
        }
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : older) {
            m.put(key.apply(t), t);
        }
        for (T t : newer) {
            m.put(key.apply(t), t);
        }
        return new ArrayList<>(m.values());
    }
}
