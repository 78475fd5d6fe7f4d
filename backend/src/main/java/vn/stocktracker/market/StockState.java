package vn.stocktracker.market;

import java.util.ArrayList;
import java.util.List;

/** Mutable state of one stock or futures contract; confined to the processor's thread. */
final class StockState {
    static final int LEVELS = 3;
    static final int SPARK = 50;

    final String symbol;
    final Instrument.Exchange exchange;
    final boolean futures;
    TradingSession session = TradingSession.CLOSED;
    long ts;
    /** Band, open/high/low/last, the day's totals. */
    final DayPrices prices = new DayPrices();
    long lastVol;
    final long[] bidPx = new long[LEVELS];
    final long[] bidVol = new long[LEVELS];
    final long[] askPx = new long[LEVELS];
    final long[] askVol = new long[LEVELS];
    long activeBuyVol;
    long activeSellVol;
    long neutralVol;
    long atoVol;
    long continuousVol;
    long atcVol;
    /** Futures: contracts open, as the feed last said (-1: it never did). Kept across the daily reset. */
    long openInterest = -1;
    TradeSide lastSide;
    /** Volume and value by [session ATO, continuous, ATC][side buy, sell, neutral], flattened. */
    final long[] splitVol = new long[9];
    final long[] splitVal = new long[9];
    long activeBuyVal;
    long activeSellVal;
    long neutralVal;
    /** The last {@link #SPARK} distinct trade prices, oldest first, as a ring. */
    private final long[] spark = new long[SPARK];
    private int sparkHead;
    private int sparkSize;
    private List<Long> sparkView = List.of();

    StockState(String symbol, Instrument.Exchange exchange, boolean futures) {
        this.symbol = symbol;
        this.exchange = exchange;
        this.futures = futures;
    }

    void resetDay() {
        prices.resetDay();
        lastVol = 0;
        activeBuyVol = activeSellVol = neutralVol = atoVol = continuousVol = atcVol = 0;
        lastSide = null;
        activeBuyVal = activeSellVal = neutralVal = 0;
        java.util.Arrays.fill(splitVol, 0);
        java.util.Arrays.fill(splitVal, 0);
        sparkHead = sparkSize = 0;
        sparkView = List.of();
        java.util.Arrays.fill(bidPx, 0);
        java.util.Arrays.fill(bidVol, 0);
        java.util.Arrays.fill(askPx, 0);
        java.util.Arrays.fill(askVol, 0);
    }

    /** Adds a classified trade's value (VND) to the side totals and, in ATO/continuous/ATC, to its session. */
    void addSplit(TradingSession session, TradeSide side, long volume, long value) {
        int k = side == TradeSide.BUY ? 0 : side == TradeSide.SELL ? 1 : 2;
        switch (k) {
            case 0 -> activeBuyVal += value;
            case 1 -> activeSellVal += value;
            default -> neutralVal += value;
        }
        int sess = switch (session) {
            case ATO -> 0;
            case CONTINUOUS -> 1;
            case ATC -> 2;
            default -> -1;
        };
        if (sess >= 0) {
            splitVol[sess * 3 + k] += volume;
            splitVal[sess * 3 + k] += value;
        }
    }

    /** Appends a trade price to the sparkline when it differs from the last one there. */
    void addSpark(long price) {
        if (sparkSize > 0 && spark[(sparkHead + sparkSize - 1) % SPARK] == price) {
            return;
        }
        if (sparkSize == SPARK) {
            spark[sparkHead] = price;
            sparkHead = (sparkHead + 1) % SPARK;
        } else {
            spark[(sparkHead + sparkSize) % SPARK] = price;
            sparkSize++;
        }
        sparkView = null;
    }

    /** The sparkline prices, oldest first (immutable, rebuilt only after a new distinct price). */
    List<Long> spark() {
        if (sparkView == null) {
            Long[] out = new Long[sparkSize];
            for (int i = 0; i < sparkSize; i++) {
                out[i] = spark[(sparkHead + i) % SPARK];
            }
            sparkView = List.of(out);
        }
        return sparkView;
    }

    void applyBook(List<PriceLevel> bids, List<PriceLevel> asks) {
        copy(bids, bidPx, bidVol);
        copy(asks, askPx, askVol);
    }

    private static void copy(List<PriceLevel> levels, long[] px, long[] vol) {
        int n = Math.min(levels.size(), LEVELS);
        for (int i = 0; i < LEVELS; i++) {
            if (i < n) {
                PriceLevel l = levels.get(i);
                px[i] = l.price();
                vol[i] = l.volume();
            } else {
                px[i] = 0;
                vol[i] = 0;
            }
        }
    }

    StockView toView() {
        List<PriceLevel> bids = new ArrayList<>(LEVELS);
        List<PriceLevel> asks = new ArrayList<>(LEVELS);
        for (int i = 0; i < LEVELS; i++) {
            bids.add(new PriceLevel(bidPx[i], bidVol[i]));
            asks.add(new PriceLevel(askPx[i], askVol[i]));
        }
        DayPrices p = prices;
        return new StockView(symbol, exchange.name(), wire(session), ts, p.ref, p.ceiling, p.floor, p.open, p.high, p.low,
                p.last, p.change(), p.changePct(), p.totalVol, p.totalVal, List.copyOf(bids), List.copyOf(asks),
                activeBuyVol, activeSellVol, neutralVol, wire(lastSide), lastVol);
    }

    FuturesView toFuturesView(double indexValue) {
        List<FuturesView.PointLevel> bids = new ArrayList<>(LEVELS);
        List<FuturesView.PointLevel> asks = new ArrayList<>(LEVELS);
        for (int i = 0; i < LEVELS; i++) {
            bids.add(new FuturesView.PointLevel(pts(bidPx[i]), bidVol[i]));
            asks.add(new FuturesView.PointLevel(pts(askPx[i]), askVol[i]));
        }
        DayPrices p = prices;
        double basis = p.last == 0 || indexValue == 0 ? 0 : round2(pts(p.last) - indexValue);
        double basisPct = basis == 0 ? 0 : round2(basis * 100 / indexValue);
        String state = basis > 0 ? "premium" : basis < 0 ? "discount" : "par";
        return new FuturesView(symbol, exchange.name(), wire(session), ts, pts(p.ref), pts(p.ceiling), pts(p.floor),
                pts(p.open), pts(p.high), pts(p.low), pts(p.last), pts(p.change()), p.changePct(), p.totalVol, p.totalVal,
                List.copyOf(bids), List.copyOf(asks), activeBuyVol, activeSellVol, neutralVol, wire(lastSide),
                lastVol, Instruments.VN30_INDEX, indexValue, basis, basisPct, state,
                openInterest < 0 ? null : openInterest, List.of());
    }

    /** This contract in brief, for {@link FuturesView#contracts()}. */
    FuturesView.ContractView toContractView(double indexValue, boolean shown) {
        DayPrices p = prices;
        double basis = p.last == 0 || indexValue == 0 ? 0 : round2(pts(p.last) - indexValue);
        return new FuturesView.ContractView(symbol, pts(p.last), pts(p.change()), p.changePct(), p.totalVol,
                openInterest < 0 ? null : openInterest, basis, shown);
    }

    VolumeStats toVolumeStats() {
        return new VolumeStats(symbol, prices.totalVol, activeBuyVol, activeSellVol, neutralVol,
                new VolumeStats.Sessions(atoVol, continuousVol, atcVol), VolumeStats.ratio(activeBuyVol, activeSellVol),
                activeBuyVal, activeSellVal, neutralVal, VolumeStats.pressure(activeBuyVol, activeSellVol, neutralVol),
                new VolumeStats.BySession(split(0), split(1), split(2)));
    }

    private VolumeStats.SideSplit split(int sess) {
        int b = sess * 3;
        return new VolumeStats.SideSplit(splitVol[b], splitVol[b + 1], splitVol[b + 2],
                splitVal[b], splitVal[b + 1], splitVal[b + 2]);
    }

    static double pts(long hundredths) {
        return hundredths / 100.0;
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    static String wire(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
