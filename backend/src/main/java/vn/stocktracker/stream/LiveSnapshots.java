package vn.stocktracker.stream;

import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How an API replica keeps the whole market between two of the collector's snapshots: the rows the
 * changes carry replace the snapshot's (board, foreign flow, indices without their series, futures,
 * alerts), exactly as the collector's processor has them at that seq; the day's analysis (volume
 * statistics, derivatives and foreign flow series, sparklines, index series) comes with the next
 * snapshot, at most a second later.
 */
public final class LiveSnapshots {
    private LiveSnapshots() {
    }

    /** {@code s} followed by {@code ch}. */
    public static MarketSnapshot apply(MarketSnapshot s, MarketChanges ch) {
        List<IndexView> indices = s.indices();
        if (!ch.indices().isEmpty()) {
            Map<String, IndexView> before = new LinkedHashMap<>();
            s.indices().forEach(i -> before.put(i.symbol(), i));
            List<IndexView> withSeries = new ArrayList<>(ch.indices().size());
            for (IndexView i : ch.indices()) {
                IndexView old = before.get(i.symbol());
                withSeries.add(old == null ? i : new IndexView(i.symbol(), i.session(), i.ts(), i.value(), i.prior(),
                        i.change(), i.changePct(), i.totalQtty(), i.totalValue(), i.advances(), i.noChanges(),
                        i.declines(), i.ceilings(), i.floors(), old.series()));
            }
            indices = replace(s.indices(), withSeries, IndexView::symbol);
        }
        List<Alert> alerts = s.alerts();
        if (!ch.alerts().isEmpty()) {
            List<Alert> a = new ArrayList<>(ch.alerts().reversed()); // newest first
            a.addAll(s.alerts());
            alerts = a.size() > AlertEngine.MAX_TODAY ? a.subList(0, AlertEngine.MAX_TODAY) : a;
        }
        return new MarketSnapshot(Math.max(s.ts(), ch.ts()), s.session(),
                replace(s.stocks(), ch.stocks(), StockView::symbol), indices,
                ch.futures() != null ? ch.futures() : s.futures(),
                replace(s.foreign(), ch.foreign(), ForeignView::symbol), s.volumeStats(), alerts, s.derivatives(),
                s.foreignFlow(), s.sparklines());
    }

    /**
     * The rows of {@code ahead} (a replica that applied changes past the collector's last snapshot) with
     * the analysis of {@code snapshot}, taken at an earlier seq.
     */
    public static MarketSnapshot withAnalysisOf(MarketSnapshot ahead, MarketSnapshot snapshot) {
        Map<String, IndexView> series = new LinkedHashMap<>();
        snapshot.indices().forEach(i -> series.put(i.symbol(), i));
        List<IndexView> indices = new ArrayList<>(ahead.indices().size());
        for (IndexView i : ahead.indices()) {
            IndexView s = series.get(i.symbol());
            indices.add(s == null ? i : new IndexView(i.symbol(), i.session(), i.ts(), i.value(), i.prior(), i.change(),
                    i.changePct(), i.totalQtty(), i.totalValue(), i.advances(), i.noChanges(), i.declines(),
                    i.ceilings(), i.floors(), s.series()));
        }
        return new MarketSnapshot(ahead.ts(), snapshot.session(), ahead.stocks(), indices, ahead.futures(),
                ahead.foreign(), snapshot.volumeStats(), ahead.alerts(), snapshot.derivatives(), snapshot.foreignFlow(),
                snapshot.sparklines());
    }

    private static <T> List<T> replace(List<T> rows, List<T> changed, Function<T, String> key) {
        if (changed.isEmpty()) {
            return rows;
        }
        Map<String, T> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(key.apply(r), r));
        changed.forEach(r -> m.put(key.apply(r), r));
        return new ArrayList<>(m.values());
    }
}
