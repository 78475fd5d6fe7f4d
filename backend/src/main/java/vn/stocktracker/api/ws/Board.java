package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.stocktracker.api.ws.WsMessage.AlertsData;
import vn.stocktracker.api.ws.WsMessage.ForeignData;
import vn.stocktracker.api.ws.WsMessage.IndexData;
import vn.stocktracker.api.ws.WsMessage.MarketData;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.FuturesView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertEngine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What every client that keeps up holds, per channel, and the data of the messages taken from it:
 * snapshots, updates (deltas on /ws/market, {@link BoardDeltas}) and catch-ups (the latest whole rows
 * a client missed while it was behind: merged like a delta, they give the same rows). Alerts are events:
 * a catch-up on /ws/alerts carries every alert the client missed, by id. Fan-out thread only.
 */
final class Board {
    private final BoardDeltas rows;
    private final Set<String> stockOrder = new LinkedHashSet<>();
    private final Map<String, ForeignView> foreign = new LinkedHashMap<>();
    private final Map<String, IndexView> indices = new LinkedHashMap<>();
    /** Recent alerts by id (for catch-ups), oldest dropped first. */
    private final Map<String, Alert> alerts = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Alert> eldest) {
            return size() > 2 * AlertEngine.MAX_TODAY;
        }
    };
    private MarketSnapshot snapshot = MarketSnapshot.EMPTY;
    private FuturesView futures;
    private String futuresSymbol;
    private long seq;

    /** One set of changes as the channels carry them. */
    record Step(MarketChanges changes, List<ObjectNode> stockDeltas, ObjectNode futuresDelta) {
    }

    Board(ObjectMapper json) {
        this.rows = new BoardDeltas(json);
    }

    long seq() {
        return seq;
    }

    /** Starts again from {@code s}: what every client holds after its snapshot. */
    void reset(MarketSnapshot s, long seq) {
        this.snapshot = s;
        this.seq = seq;
        List<Object> all = new ArrayList<>(s.stocks());
        stockOrder.clear();
        s.stocks().forEach(v -> stockOrder.add(v.symbol()));
        futures = s.futures();
        futuresSymbol = futures == null ? null : futures.symbol();
        if (futures != null) {
            all.add(futures);
        }
        rows.reset(all);
        foreign.clear();
        s.foreign().forEach(f -> foreign.put(f.symbol(), f));
        indices.clear();
        s.indices().forEach(i -> indices.put(i.symbol(), i.withoutSeries()));
        alerts.clear();
        s.alerts().reversed().forEach(a -> alerts.put(a.id(), a));
    }

    /** Applies changes; the deltas are taken against what clients held before them. */
    Step apply(MarketChanges ch, long seq) {
        this.seq = seq;
        List<ObjectNode> deltas = new ArrayList<>(ch.stocks().size());
        for (StockView v : ch.stocks()) {
            stockOrder.add(v.symbol());
            deltas.add(rows.next(v));
        }
        ObjectNode futuresDelta = null;
        if (ch.futures() != null) {
            futures = ch.futures();
            futuresSymbol = futures.symbol();
            futuresDelta = rows.next(futures);
        }
        ch.foreign().forEach(f -> foreign.put(f.symbol(), f));
        ch.indices().forEach(i -> indices.put(i.symbol(), i.withoutSeries()));
        ch.alerts().forEach(a -> alerts.put(a.id(), a));
        return new Step(ch, deltas, futuresDelta);
    }

    /** Snapshot data of a channel for a client taking {@code filter} (null = everything). */
    Object snapshotData(Channel channel, Set<String> filter, MarketSnapshot latest) {
        return switch (channel) {
            case MARKET -> new MarketData(rows.current(select(stockOrder, filter)),
                    futuresSymbol == null ? null : rows.current(futuresSymbol));
            case FOREIGN -> new ForeignData(filter(List.copyOf(foreign.values()), filter, ForeignView::symbol));
            // the series comes whole only in snapshots; the feed's latest state holds it
            case INDEX -> new IndexData(latest.indices().isEmpty() ? snapshot.indices() : latest.indices(), futures);
            // the day's list as the feed holds it now (an update may repeat one of them: clients key by id)
            case ALERTS -> new AlertsData(filter(latest == MarketSnapshot.EMPTY ? snapshot.alerts() : latest.alerts(),
                    filter, Alert::symbol));
        };
    }

    /** Update data of a channel for {@code filter}, or null when nothing the client takes changed. */
    Object updateData(Channel channel, Step step, Set<String> filter) {
        MarketChanges ch = step.changes();
        return switch (channel) {
            case MARKET -> {
                List<ObjectNode> stocks = filter(step.stockDeltas(), filter, n -> n.path("symbol").asText());
                yield stocks.isEmpty() && step.futuresDelta() == null ? null : new MarketData(stocks, step.futuresDelta());
            }
            case FOREIGN -> {
                List<ForeignView> f = filter(ch.foreign(), filter, ForeignView::symbol);
                yield f.isEmpty() ? null : new ForeignData(f);
            }
            case INDEX -> ch.indices().isEmpty() && ch.futures() == null ? null : new IndexData(ch.indices(), ch.futures());
            case ALERTS -> {
                List<Alert> a = filter(ch.alerts(), filter, Alert::symbol);
                yield a.isEmpty() ? null : new AlertsData(a);
            }
        };
    }

    /** The rows of a step a channel's client is told about (futures apart): the names a catch-up needs. */
    List<String> changedRows(Channel channel, Step step, Set<String> filter) {
        MarketChanges ch = step.changes();
        List<String> names = switch (channel) {
            case MARKET -> ch.stocks().stream().map(StockView::symbol).toList();
            case FOREIGN -> ch.foreign().stream().map(ForeignView::symbol).toList();
            case INDEX -> ch.indices().stream().map(IndexView::symbol).toList();
            case ALERTS -> filter(ch.alerts(), filter, Alert::symbol).stream().map(Alert::id).toList();
        };
        return channel == Channel.INDEX || channel == Channel.ALERTS ? names : select(names, filter);
    }

    /** Whether a channel carries the futures row of this step. */
    boolean futuresChanged(Channel channel, Step step) {
        return (channel == Channel.MARKET || channel == Channel.INDEX) && step.changes().futures() != null;
    }

    /** The latest whole rows a client missed while behind, in update form; null when there are none. */
    Object catchUpData(Channel channel, ClientSession.Dirty missed) {
        return switch (channel) {
            case MARKET -> new MarketData(rows.current(ordered(missed.rows())),
                    missed.futures() && futuresSymbol != null ? rows.current(futuresSymbol) : null);
            case FOREIGN -> new ForeignData(pick(foreign, missed.rows()));
            case INDEX -> new IndexData(pick(indices, missed.rows()), missed.futures() ? futures : null);
            case ALERTS -> new AlertsData(pick(alerts, missed.rows()));
        };
    }

    private List<String> ordered(Collection<String> names) {
        return stockOrder.stream().filter(names::contains).toList();
    }

    private static <T> List<T> pick(Map<String, T> latest, List<String> names) {
        List<T> out = new ArrayList<>(names.size());
        for (String n : names) {
            T t = latest.get(n);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> select(Collection<String> names, Set<String> filter) {
        return filter == null ? List.copyOf(names) : names.stream().filter(filter::contains).toList();
    }

    private static <T> List<T> filter(List<T> items, Set<String> symbols, Function<T, String> key) {
        if (symbols == null) {
            return items;
        }
        List<T> out = new ArrayList<>();
        for (T t : items) {
            if (symbols.contains(key.apply(t))) {
                out.add(t);
            }
        }
        return out;
    }
}
