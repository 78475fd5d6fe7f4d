package vn.stocktracker.source.ssi;

import vn.stocktracker.market.Bar;
import vn.stocktracker.market.ForeignRoom;
import vn.stocktracker.market.IndexUpdate;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.PriceLevel;
import vn.stocktracker.market.Quote;
import vn.stocktracker.market.Trade;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.MarketEventSink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns SSI content records into the normalised {@link vn.stocktracker.market.MarketEvent}s.
 *
 * <ul>
 *   <li>{@code X}, {@code X-QUOTE}, {@code X-TRADE}: merged per symbol (a quote-only frame keeps the last
 *       trade fields and vice versa) into one {@link Quote}; when {@code TotalVol} grew, a {@link Trade} of
 *       the growth at {@code LastPrice} is emitted <em>before</em> the quote. {@code Side} BU/SD maps to
 *       buy/sell. Futures prices (VN30F, points) become hundredths of a point; a contract's open interest
 *       is read from {@code OpenInterest} (or {@code OI}) when the payload carries it.</li>
 *   <li>{@code R}: a {@link ForeignRoom}; the cumulative values never go down within a trading date (a
 *       missing or lower value keeps the last one), so the processor never mistakes a partial frame for
 *       a new day.</li>
 *   <li>{@code MI}: an {@link IndexUpdate}; {@code B}: a {@link Bar}; {@code F}: updates the symbol's
 *       session only.</li>
 * </ul>
 * After a reconnect ({@link #reseed()}) the first {@code X} frame of each symbol only re-seeds its
 * cumulative volume: the volume traded while disconnected is not reported as one giant trade.
 * Not thread-safe: one normaliser per stream.
 */
final class SsiNormaliser {

    /** Why a payload produced no event (for counters). */
    enum Outcome { EMITTED, UNTRACKED, IGNORED, INVALID }

    private final Predicate<String> tracked;
    private final VnTime time;
    private final Map<String, SymbolState> states = new HashMap<>();
    private String invalidReason = "";

    /**
     * @param tracked which symbols (stocks, futures, indices) produce events; others are counted and dropped
     * @param clock   for frames without a date or time
     */
    SsiNormaliser(Predicate<String> tracked, Clock clock) {
        this.tracked = tracked;
        this.time = new VnTime(clock);
    }

    /** Per-symbol merged state. */
    private static final class SymbolState {
        final int scale;
        long ref;
        long ceiling;
        long floor;
        long open;
        long high;
        long low;
        long last;
        long totalVol = -1;
        long totalVal;
        /** Futures: contracts open, when the feed sends it (OpenInterest or OI), else -1. */
        long openInterest = -1;
        final long[] bidPx = new long[10];
        final long[] bidVol = new long[10];
        final long[] askPx = new long[10];
        final long[] askVol = new long[10];
        int levels;
        TradingSession session;
        boolean reseed;
        // foreign room, cumulative within foreignDay
        long foreignDay = Long.MIN_VALUE;
        long totalRoom;
        long currentRoom;
        long buyVol;
        long sellVol;
        long buyVal;
        long sellVal;

        SymbolState(int scale) {
            this.scale = scale;
        }
    }

    /** The reason the last payload was INVALID. */
    String invalidReason() {
        return invalidReason;
    }

    /** Call after a reconnect: the next X frame of each symbol re-seeds its cumulative volume. */
    void reseed() {
        for (SymbolState s : states.values()) {
            s.reseed = true;
        }
    }

    Outcome apply(String dataType, SsiRecord r, MarketEventSink out) {
        if (dataType == null) {
            return invalid("payload has neither DataType nor RType");
        }
        return switch (dataType) {
            case "X", "X-QUOTE", "X-TRADE" -> quote(dataType, r, out);
            case "R" -> foreign(r, out);
            case "MI" -> index(r, out);
            case "B" -> bar(r, out);
            case "F" -> status(r);
            default -> Outcome.IGNORED;
        };
    }

    private Outcome invalid(String reason) {
        invalidReason = reason;
        return Outcome.INVALID;
    }

    private SymbolState state(String symbol) {
        SymbolState s = states.get(symbol);
        if (s == null) {
            s = new SymbolState(Instruments.isFutures(symbol) ? 100 : 1);
            states.put(symbol, s);
        }
        return s;
    }

    private long ts(SsiRecord r) {
        String t = r.str(SsiField.TIME);
        if (t == null) {
            t = r.str(SsiField.TRADING_TIME);
        }
        return time.toEpochMs(r.str(SsiField.TRADING_DATE), t);
    }

    private Outcome quote(String type, SsiRecord r, MarketEventSink out) {
        String symbol = r.code(SsiField.SYMBOL);
        if (symbol == null) {
            return invalid(type + " payload without Symbol");
        }
        if (!tracked.test(symbol)) {
            return Outcome.UNTRACKED;
        }
        SymbolState s = state(symbol);
        int k = s.scale;
        long ts = ts(r);
        TradingSession session = TradingSession.fromCode(r.str(SsiField.TRADING_SESSION));
        if (session != null) {
            s.session = session;
        }
        s.ref = r.scaled(SsiField.REF_PRICE, k, s.ref);
        s.ceiling = r.scaled(SsiField.CEILING, k, s.ceiling);
        s.floor = r.scaled(SsiField.FLOOR, k, s.floor);
        s.open = r.scaled(SsiField.OPEN, k, s.open);
        s.high = r.scaled(SsiField.HIGHEST, k, r.scaled(SsiField.HIGH, k, s.high));
        s.low = r.scaled(SsiField.LOWEST, k, r.scaled(SsiField.LOW, k, s.low));
        long lastPrice = r.scaled(SsiField.LAST_PRICE, k, s.last);
        s.last = lastPrice;
        s.totalVal = r.lng(SsiField.TOTAL_VAL, s.totalVal);
        if (k != 1) {
            s.openInterest = r.lng(SsiField.OPEN_INTEREST, s.openInterest);
        }
        book(r, s);

        long before = s.totalVol;
        long total = r.lng(SsiField.TOTAL_VOL, -1);
        if (total >= 0) {
            s.totalVol = total;
            boolean seeding = s.reseed || before < 0;
            s.reseed = false;
            if (!seeding && total > before && lastPrice > 0) {
                TradeSide side = side(r.str(SsiField.SIDE));
                out.accept(new Trade(symbol, ts, s.session, lastPrice, total - before, total, s.totalVal, side));
            }
        }
        out.accept(new Quote(symbol, ts, s.session, s.ref, s.ceiling, s.floor, s.open, s.high, s.low, s.last,
                Math.max(s.totalVol, 0), s.totalVal, levels(s.bidPx, s.bidVol, s.levels),
                levels(s.askPx, s.askVol, s.levels), s.openInterest));
        return Outcome.EMITTED;
    }

    /** Copies the book levels present in the record; a frame without any level keeps the last book. */
    private static void book(SsiRecord r, SymbolState s) {
        int k = s.scale;
        boolean any = false;
        int deepest = 0;
        for (int i = 0; i < 10; i++) {
            boolean b = r.has(SsiField.BID_PRICE + i) || r.has(SsiField.BID_VOL + i);
            boolean a = r.has(SsiField.ASK_PRICE + i) || r.has(SsiField.ASK_VOL + i);
            if (b) {
                s.bidPx[i] = r.scaled(SsiField.BID_PRICE + i, k, 0);
                s.bidVol[i] = r.lng(SsiField.BID_VOL + i, 0);
            }
            if (a) {
                s.askPx[i] = r.scaled(SsiField.ASK_PRICE + i, k, 0);
                s.askVol[i] = r.lng(SsiField.ASK_VOL + i, 0);
            }
            if (a || b) {
                any = true;
                deepest = i + 1;
            }
        }
        if (any) {
            s.levels = Math.max(s.levels, deepest);
        }
    }

    private static List<PriceLevel> levels(long[] px, long[] vol, int n) {
        int last = n;
        while (last > 0 && px[last - 1] == 0 && vol[last - 1] == 0) {
            last--;
        }
        List<PriceLevel> out = new ArrayList<>(last);
        for (int i = 0; i < last; i++) {
            out.add(px[i] == 0 && vol[i] == 0 ? PriceLevel.EMPTY : new PriceLevel(px[i], vol[i]));
        }
        return out;
    }

    private static TradeSide side(String code) {
        if (code == null) {
            return TradeSide.UNKNOWN;
        }
        return switch (code.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "BU", "B", "BUY" -> TradeSide.BUY;
            case "SD", "S", "SELL" -> TradeSide.SELL;
            default -> TradeSide.UNKNOWN;
        };
    }

    private Outcome foreign(SsiRecord r, MarketEventSink out) {
        String symbol = r.code(SsiField.SYMBOL);
        if (symbol == null) {
            return invalid("R payload without Symbol");
        }
        if (!tracked.test(symbol)) {
            return Outcome.UNTRACKED;
        }
        SymbolState s = state(symbol);
        long ts = ts(r);
        long day = Math.floorDiv(ts + 7 * 3_600_000L, 86_400_000L);
        if (day > s.foreignDay) {
            s.foreignDay = day;
            s.buyVol = s.sellVol = s.buyVal = s.sellVal = 0;
        }
        s.totalRoom = r.lng(SsiField.TOTAL_ROOM, s.totalRoom);
        s.currentRoom = r.lng(SsiField.CURRENT_ROOM, s.currentRoom);
        s.buyVol = Math.max(s.buyVol, r.lng(SsiField.BUY_VOL, 0));
        s.sellVol = Math.max(s.sellVol, r.lng(SsiField.SELL_VOL, 0));
        s.buyVal = Math.max(s.buyVal, r.lng(SsiField.BUY_VAL, 0));
        s.sellVal = Math.max(s.sellVal, r.lng(SsiField.SELL_VAL, 0));
        out.accept(new ForeignRoom(symbol, ts, s.totalRoom, s.currentRoom, s.buyVol, s.sellVol, s.buyVal, s.sellVal));
        return Outcome.EMITTED;
    }

    private Outcome index(SsiRecord r, MarketEventSink out) {
        String id = r.code(SsiField.INDEX_ID);
        if (id == null) {
            id = r.code(SsiField.SYMBOL);
        }
        if (id == null) {
            return invalid("MI payload without IndexId");
        }
        if (!r.has(SsiField.INDEX_VALUE)) {
            return invalid("MI payload for " + id + " without IndexValue");
        }
        if (!tracked.test(id)) {
            return Outcome.UNTRACKED;
        }
        double value = r.num(SsiField.INDEX_VALUE, 0);
        double prior = r.num(SsiField.PRIOR_INDEX_VALUE, r.has(SsiField.CHANGE) ? value - r.num(SsiField.CHANGE, 0) : 0);
        out.accept(new IndexUpdate(id, ts(r), TradingSession.fromCode(r.str(SsiField.TRADING_SESSION)),
                value, prior,
                r.lng(SsiField.TOTAL_QTTY, 0), r.lng(SsiField.TOTAL_VALUE, 0),
                (int) r.lng(SsiField.ADVANCES, 0), (int) r.lng(SsiField.NO_CHANGES, 0),
                (int) r.lng(SsiField.DECLINES, 0),
                (int) r.lng(SsiField.CEILINGS, r.lng(SsiField.CEILING, 0)),
                (int) r.lng(SsiField.FLOORS, r.lng(SsiField.FLOOR, 0))));
        return Outcome.EMITTED;
    }

    private Outcome bar(SsiRecord r, MarketEventSink out) {
        String symbol = r.code(SsiField.SYMBOL);
        if (symbol == null) {
            return invalid("B payload without Symbol");
        }
        if (!tracked.test(symbol)) {
            return Outcome.UNTRACKED;
        }
        int k = Instruments.isFutures(symbol) ? 100 : 1;
        out.accept(new Bar(symbol, ts(r), r.scaled(SsiField.OPEN, k, 0), r.scaled(SsiField.HIGH, k, 0),
                r.scaled(SsiField.LOW, k, 0), r.scaled(SsiField.CLOSE, k, 0), r.lng(SsiField.VOLUME, 0)));
        return Outcome.EMITTED;
    }

    private Outcome status(SsiRecord r) {
        String symbol = r.code(SsiField.SYMBOL);
        if (symbol == null || !tracked.test(symbol)) {
            return Outcome.UNTRACKED;
        }
        TradingSession session = TradingSession.fromCode(r.str(SsiField.TRADING_SESSION));
        if (session != null) {
            state(symbol).session = session;
        }
        return Outcome.IGNORED;
    }
}
