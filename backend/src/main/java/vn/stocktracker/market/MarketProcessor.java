package vn.stocktracker.market;

import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertConfig;
import vn.stocktracker.market.alert.AlertEngine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns normalised events into market state: order books, classified trades, per-session volumes,
 * foreign flow, index tracking with breadth, futures basis, alerts ({@link AlertEngine}), and the daily
 * reset at 15:05 Vietnam time. With {@code analytics} it also keeps the day's analysis: volume and
 * value by session and side, sparklines, the basis and market foreign flow per minute.
 *
 * <p>Not thread-safe by design: one thread applies events ({@link #apply}) and reads views; other
 * threads read the immutable {@link MarketSnapshot}s that thread publishes.
 */
public final class MarketProcessor {

    private final Instruments instruments;
    private final ProcessorOutput output;
    private final Map<String, StockState> stocks = new HashMap<>();
    private final Map<String, IndexState> indices = new HashMap<>();
    private final Map<String, ForeignState> foreign = new HashMap<>();
    /** The tracked VN30F contracts, nearest expiry first. */
    private final Map<String, StockState> futures = new LinkedHashMap<>();
    /** Each contract's basis through the day (its own series and basis-flip rule). */
    private final Map<String, BasisTrack> basisTracks = new HashMap<>();
    private final boolean analytics;
    private final AlertEngine alerts;
    private final List<Alert> newAlerts = new ArrayList<>();
    private final ForeignTotals foreignTotals = new ForeignTotals();

    private final Set<String> dirtyStocks = new LinkedHashSet<>();
    private final Set<String> dirtyForeign = new LinkedHashSet<>();
    private final Set<String> dirtyIndices = new LinkedHashSet<>();
    private boolean dirtyFutures;

    private LocalDate day;
    private long dayStartMs = Long.MAX_VALUE;
    private long dayEndMs = Long.MIN_VALUE;
    private long lastTs;
    private TradingSession marketSession = TradingSession.CLOSED;
    private long processed;
    private long bars;

    /** With the default alert thresholds and the day's analysis on. */
    public MarketProcessor(Instruments instruments, ProcessorOutput output) {
        this(instruments, output, AlertConfig.DEFAULTS, true);
    }

    /**
     * @param alertConfig thresholds; alerts are off when it is not {@link AlertConfig#enabled()}
     * @param analytics   whether to keep the day's analysis (off only to measure what it costs)
     */
    public MarketProcessor(Instruments instruments, ProcessorOutput output, AlertConfig alertConfig, boolean analytics) {
        this.instruments = instruments;
        this.output = output;
        this.analytics = analytics;
        this.alerts = new AlertEngine(alertConfig, this::alertFired);
        for (Instrument i : instruments.all()) {
            switch (i.type()) {
                case STOCK -> stocks.put(i.symbol(), new StockState(i.symbol(), i.exchange(), false));
                case INDEX -> indices.put(i.symbol(), new IndexState(i.symbol()));
                case FUTURES -> { } // below, in the contracts' order
            }
        }
        for (String symbol : instruments.futures().symbols()) {
            futures.put(symbol, new StockState(symbol, instruments.get(symbol).exchange(), true));
            basisTracks.put(symbol, new BasisTrack());
        }
    }

    /** Applies one event. Events for untracked symbols are ignored (counted as processed). */
    public void apply(MarketEvent e) {
        processed++;
        rollDay(e.ts());
        if (e.ts() > lastTs) {
            lastTs = e.ts();
        }
        switch (e) {
            case Trade t -> onTrade(t);
            case Quote q -> onQuote(q);
            case ForeignRoom f -> onForeign(f);
            case IndexUpdate i -> onIndex(i);
            case Bar b -> bars++;
        }
    }

    /**
     * Resets the day's state when {@code nowMs} is in a later trading day than the state (call it
     * periodically so the 15:05 reset happens without events). Returns true if it reset.
     */
    public boolean rollDay(long nowMs) {
        if (nowMs >= dayStartMs && nowMs < dayEndMs) {
            return false;
        }
        LocalDate d = TradingCalendar.tradingDay(nowMs);
        boolean reset = day != null && d.isAfter(day);
        if (day == null || d.isAfter(day)) {
            day = d;
            // the trading day d runs from 15:05 of the previous date to 15:05 of d
            long end = d.atTime(TradingCalendar.RESET).atZone(Instruments.VN).toInstant().toEpochMilli();
            dayEndMs = end;
            dayStartMs = d.minusDays(1).atTime(TradingCalendar.RESET).atZone(Instruments.VN).toInstant().toEpochMilli();
        }
        if (reset) {
            resetDay();
        }
        return reset;
    }

    private void resetDay() {
        for (StockState s : stocks.values()) {
            s.resetDay();
            dirtyStocks.add(s.symbol);
        }
        for (StockState f : futures.values()) {
            f.resetDay();
            dirtyFutures = true;
        }
        for (IndexState i : indices.values()) {
            i.resetDay();
            dirtyIndices.add(i.symbol);
        }
        for (ForeignState f : foreign.values()) {
            f.resetDay();
            dirtyForeign.add(f.symbol);
        }
        alerts.resetDay();
        basisTracks.values().forEach(BasisTrack::reset);
        foreignTotals.reset();
    }

    private void alertFired(Alert a) {
        newAlerts.add(a);
        output.alert(new ProcessorOutput.AlertRow(a));
    }

    /**
     * Adds alerts fired earlier today before a restart (read back from the database) to the day's list,
     * the dedup windows and the next changes (not to storage); alerts of another trading day than the one at {@code nowMs} are ignored.
     * Call on the processor's thread.
     */
    public void restoreAlerts(List<Alert> earlier, long nowMs) {
        rollDay(Math.max(nowMs, lastTs));
        List<Alert> same = new ArrayList<>();
        for (Alert a : earlier) {
            if (TradingCalendar.tradingDay(a.ts()).equals(day)) {
                same.add(a);
            }
        }
        // clients connected before the restore are told too (they key alerts by id); storage has them already
        newAlerts.addAll(alerts.restore(same));
    }

    /**
     * Puts the day's earlier minutes of the index, basis, futures price and foreign flow series back
     * (read from storage after a restart), so snapshots serve the whole day again. Only points of the
     * current trading day, and only minutes older than what the processor saw live, are taken.
     */
    public void restoreSeries(DaySeries earlier, long nowMs) {
        rollDay(Math.max(nowMs, lastTs));
        earlier.indices().forEach((symbol, points) -> {
            IndexState i = indices.get(symbol);
            if (i != null) {
                i.series.restore(today(points));
            }
        });
        earlier.basis().forEach((symbol, points) -> {
            BasisTrack b = basisTracks.get(symbol);
            if (b != null) {
                b.restore(today(points), today(earlier.price().getOrDefault(symbol, List.of())));
            }
        });
        foreignTotals.restore(today(earlier.foreignNet()));
        dirtyIndices.addAll(earlier.indices().keySet());
    }

    private List<Number[]> today(List<Number[]> points) {
        return points.stream().filter(p -> p[0].longValue() >= dayStartMs && p[0].longValue() < dayEndMs).toList();
    }

    /** The alert rules (counts for metrics and tests). */
    public AlertEngine alerts() {
        return alerts;
    }

    private StockState stateOf(String symbol) {
        StockState s = stocks.get(symbol);
        return s != null ? s : futures.get(symbol);
    }

    private TradingSession sessionOf(TradingSession given, long ts) {
        TradingSession s = given != null ? given : TradingCalendar.sessionAt(ts);
        marketSession = s;
        return s;
    }

    private void markDirty(StockState s) {
        if (s.futures) {
            dirtyFutures = true;
        } else {
            dirtyStocks.add(s.symbol);
        }
    }

    private void onTrade(Trade t) {
        StockState s = stateOf(t.symbol());
        if (s == null || t.volume() <= 0) {
            return;
        }
        TradingSession session = sessionOf(t.session(), t.ts());
        TradeSide side = classify(t, s, session);
        s.session = session;
        s.ts = t.ts();
        DayPrices p = s.prices;
        p.trade(t.price());
        s.lastVol = t.volume();
        s.lastSide = side;
        p.totalVol = t.totalVol() > 0 ? Math.max(t.totalVol(), p.totalVol) : p.totalVol + t.volume();
        p.totalVal = t.totalVal() > 0 ? Math.max(t.totalVal(), p.totalVal) : p.totalVal + t.price() * t.volume() * (s.futures ? 1_000 : 1);
        switch (side) {
            case BUY -> s.activeBuyVol += t.volume();
            case SELL -> s.activeSellVol += t.volume();
            default -> s.neutralVol += t.volume();
        }
        switch (session) {
            case ATO -> s.atoVol += t.volume();
            case CONTINUOUS -> s.continuousVol += t.volume();
            case ATC -> s.atcVol += t.volume();
            default -> {
            }
        }
        if (analytics) {
            s.addSplit(session, side, t.volume(), t.price() * t.volume() * (s.futures ? 1_000 : 1));
            s.addSpark(t.price());
        }
        markDirty(s);
        output.tick(new ProcessorOutput.TickRow(t.ts(), s.symbol, t.price(), t.volume(), side, session, s.futures));
        alerts.trade(s.symbol, t.ts(), t.price(), t.volume(), session == TradingSession.CONTINUOUS, p.ceiling, p.floor,
                s.futures);
        if (s.futures) {
            double index = vn30Value();
            double price = StockState.pts(t.price());
            double basis = index == 0 ? 0 : basis(s.symbol, t.ts(), price, index);
            output.futures(new ProcessorOutput.FuturesRow(t.ts(), s.symbol, price, t.volume(), index, basis));
        }
    }

    /** A contract's basis at {@code ts} into its day's series and the basis-flip rule; returns it. */
    private double basis(String contract, long ts, double futuresPrice, double index) {
        double b = analytics ? basisTracks.get(contract).update(ts, futuresPrice, index)
                : StockState.round2(futuresPrice - index);
        alerts.basis(contract, ts, b, futuresPrice, index);
        return b;
    }

    /**
     * Active buy when the trade is at the best ask or above, active sell at the best bid or below,
     * neutral otherwise and always during the ATO/ATC auctions. A side given by the source wins
     * outside auctions.
     */
    static TradeSide classify(Trade t, StockState book, TradingSession session) {
        if (session.isAuction()) {
            return TradeSide.NEUTRAL;
        }
        if (t.side() != TradeSide.UNKNOWN) {
            return t.side();
        }
        long ask = book.askPx[0];
        long bid = book.bidPx[0];
        if (ask > 0 && t.price() >= ask) {
            return TradeSide.BUY;
        }
        if (bid > 0 && t.price() <= bid) {
            return TradeSide.SELL;
        }
        return TradeSide.NEUTRAL;
    }

    private void onQuote(Quote q) {
        StockState s = stateOf(q.symbol());
        if (s == null) {
            return;
        }
        s.session = sessionOf(q.session(), q.ts());
        s.ts = Math.max(s.ts, q.ts());
        DayPrices p = s.prices;
        p.ref = positiveOr(q.refPrice(), p.ref);
        p.ceiling = positiveOr(q.ceiling(), p.ceiling);
        p.floor = positiveOr(q.floor(), p.floor);
        p.open = positiveOr(q.open(), p.open);
        p.high = positiveOr(q.high(), p.high);
        p.low = positiveOr(q.low(), p.low);
        p.last = positiveOr(q.lastPrice(), p.last);
        p.totalVol = Math.max(q.totalVol(), p.totalVol);
        p.totalVal = Math.max(q.totalVal(), p.totalVal);
        s.applyBook(q.bids(), q.asks());
        if (s.futures && q.openInterest() >= 0) {
            s.openInterest = q.openInterest();
        }
        markDirty(s);
    }

    /** A quote's field when it has one (SSI sends 0 for "not in this frame"), else what is held. */
    private static long positiveOr(long given, long held) {
        return given > 0 ? given : held;
    }

    private void onForeign(ForeignRoom r) {
        if (!stocks.containsKey(r.symbol())) {
            return;
        }
        ForeignState f = foreign.computeIfAbsent(r.symbol(), ForeignState::new);
        long oldBuy = f.buyVal;
        long oldSell = f.sellVal;
        long[] d = f.apply(r);
        if (analytics) {
            foreignTotals.change(r.ts(), oldBuy, oldSell, f.buyVal, f.sellVal);
        }
        alerts.foreign(r.symbol(), r.ts(), f.netVal());
        dirtyForeign.add(r.symbol());
        output.foreign(new ProcessorOutput.ForeignRow(r.ts(), r.symbol(), r.buyVol(), r.sellVol(), r.buyVal(),
                r.sellVal(), d[0], d[1], r.currentRoom()));
    }

    private void onIndex(IndexUpdate u) {
        IndexState i = indices.get(u.symbol());
        if (i == null) {
            return;
        }
        i.session = sessionOf(u.session(), u.ts());
        i.ts = u.ts();
        i.value = u.value();
        if (u.priorValue() > 0) {
            i.prior = u.priorValue();
        }
        i.totalQtty = u.totalQtty();
        i.totalValue = u.totalValue();
        if (u.advances() + u.noChanges() + u.declines() > 0 || !Instruments.VN30_INDEX.equals(u.symbol())) {
            i.advances = u.advances();
            i.noChanges = u.noChanges();
            i.declines = u.declines();
            i.ceilings = u.ceilings();
            i.floors = u.floors();
        } else {
            componentBreadth(i);
        }
        i.addPoint(u.ts(), u.value());
        dirtyIndices.add(u.symbol());
        if (Instruments.VN30_INDEX.equals(u.symbol()) && !futures.isEmpty()) {
            dirtyFutures = true;
            for (StockState f : futures.values()) {
                if (f.prices.last > 0 && u.value() > 0) {
                    basis(f.symbol, u.ts(), StockState.pts(f.prices.last), u.value());
                }
            }
        }
        output.index(new ProcessorOutput.IndexRow(u.ts(), u.symbol(), u.value(),
                i.prior == 0 ? 0 : StockState.round2(u.value() - i.prior), u.totalQtty(), u.totalValue(),
                i.advances, i.noChanges, i.declines));
    }

    /** Breadth of the VN30 components from their own last prices (when the source sends none). */
    private void componentBreadth(IndexState i) {
        int adv = 0;
        int same = 0;
        int dec = 0;
        int ceil = 0;
        int flo = 0;
        for (String sym : Instruments.VN30) {
            StockState s = stocks.get(sym);
            DayPrices p = s == null ? null : s.prices;
            if (p == null || p.last == 0 || p.ref == 0) {
                continue;
            }
            if (p.last > p.ref) {
                adv++;
            } else if (p.last < p.ref) {
                dec++;
            } else {
                same++;
            }
            if (p.ceiling > 0 && p.last == p.ceiling) {
                ceil++;
            }
            if (p.floor > 0 && p.last == p.floor) {
                flo++;
            }
        }
        i.advances = adv;
        i.noChanges = same;
        i.declines = dec;
        i.ceilings = ceil;
        i.floors = flo;
    }

    private double vn30Value() {
        IndexState i = indices.get(Instruments.VN30_INDEX);
        return i == null ? 0 : i.value;
    }

    // ---- views (call on the processor's thread) ----

    public long processed() {
        return processed;
    }

    public long bars() {
        return bars;
    }

    public LocalDate tradingDay() {
        return day;
    }

    /** The full immutable state. */
    public MarketSnapshot snapshot() {
        List<StockView> sv = new ArrayList<>();
        List<VolumeStats> vs = new ArrayList<>();
        for (Instrument i : instruments.stocks()) {
            StockState s = stocks.get(i.symbol());
            sv.add(s.toView());
            vs.add(s.toVolumeStats());
        }
        List<ForeignView> fv = new ArrayList<>();
        for (Instrument i : instruments.stocks()) {
            ForeignState f = foreign.get(i.symbol());
            if (f != null) {
                fv.add(f.toView());
            }
        }
        List<IndexView> iv = new ArrayList<>();
        for (String sym : List.of(Instruments.VN30_INDEX, Instruments.VNINDEX)) {
            IndexState i = indices.get(sym);
            if (i != null) {
                iv.add(i.toView(true));
            }
        }
        FuturesView f = futuresView();
        DerivativesView dv = f == null ? null : basisTracks.get(f.symbol()).view(f.symbol(), f.ts(), f.basis());
        Map<String, List<Long>> spark = new HashMap<>();
        for (Instrument i : instruments.stocks()) {
            spark.put(i.symbol(), stocks.get(i.symbol()).spark());
        }
        return new MarketSnapshot(lastTs, StockState.wire(marketSession), sv, iv, f, fv, vs, alerts.today(), dv,
                foreignTotals.view(), spark);
    }

    /**
     * The shown contract (pinned by configuration, else the most traded today; the nearest expiry on a
     * tie, so the current contract until trading has moved) with every tracked contract in brief.
     */
    private FuturesView futuresView() {
        if (futures.isEmpty()) {
            return null;
        }
        String pinned = instruments.futures().shown();
        StockState shown = pinned != null ? futures.get(pinned) : null;
        if (shown == null) {
            for (StockState f : futures.values()) {
                if (shown == null || f.prices.totalVol > shown.prices.totalVol) {
                    shown = f;
                }
            }
        }
        double index = vn30Value();
        List<FuturesView.ContractView> all = new ArrayList<>(futures.size());
        for (StockState f : futures.values()) {
            all.add(f.toContractView(index, f == shown));
        }
        return shown.toFuturesView(index).withContracts(all);
    }

    /** Views of everything that changed since the last call, then clears the change marks. */
    public MarketChanges drainChanges() {
        List<StockView> sv = new ArrayList<>(dirtyStocks.size());
        for (String s : dirtyStocks) {
            sv.add(stocks.get(s).toView());
        }
        List<ForeignView> fv = new ArrayList<>(dirtyForeign.size());
        for (String s : dirtyForeign) {
            fv.add(foreign.get(s).toView());
        }
        List<IndexView> iv = new ArrayList<>(dirtyIndices.size());
        for (String s : dirtyIndices) {
            iv.add(indices.get(s).toView(false));
        }
        FuturesView f = dirtyFutures ? futuresView() : null;
        List<Alert> fired = newAlerts.isEmpty() ? List.of() : List.copyOf(newAlerts);
        dirtyStocks.clear();
        dirtyForeign.clear();
        dirtyIndices.clear();
        dirtyFutures = false;
        newAlerts.clear();
        return new MarketChanges(lastTs, sv, fv, iv, f, fired);
    }
}
