package vn.stocktracker.market;

import java.util.ArrayList;
import java.util.List;

/** Mutable state of one stock or futures contract; confined to the processor's thread. */
final class StockState {
    static final int LEVELS = 3;

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
        java.util.Arrays.fill(bidPx, 0);
        java.util.Arrays.fill(bidVol, 0);
        java.util.Arrays.fill(askPx, 0);
        java.util.Arrays.fill(askVol, 0);
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
                new VolumeStats.Sessions(atoVol, continuousVol, atcVol), VolumeStats.ratio(activeBuyVol, activeSellVol));
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
