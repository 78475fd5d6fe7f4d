package vn.stocktracker.source.sim;

import vn.stocktracker.market.DayPrices;
import vn.stocktracker.market.ForeignRoom;
import vn.stocktracker.market.IndexUpdate;
import vn.stocktracker.market.FuturesContracts;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.PriceLevel;
import vn.stocktracker.market.PriceRules;
import vn.stocktracker.market.Quote;
import vn.stocktracker.market.Trade;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.MarketEventSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic market: for a given seed and the same sequence of {@link #step} arguments it emits
 * exactly the same events. Stocks move by whole ticks inside their daily band, trades hit the standing
 * book (at the best ask for a buy, the best bid for a sell), foreign flow accumulates, the VN30 and
 * VNINDEX values are computed from the components' prices, and the tracked VN30F contracts (the current
 * and the next month's) trade around the VN30 value, each with its own drifting basis and open interest;
 * the next month's takes about one futures trade in six, most of them in the last two days before the
 * current one expires. Not thread-safe.
 */
public final class MarketSimulator {

    /** Approximate reference prices (VND) of the VN30 components. */
    static final Map<String, Long> BASE_PRICES = Map.ofEntries(
            Map.entry("ACB", 24_000L), Map.entry("BCM", 65_000L), Map.entry("BID", 38_000L),
            Map.entry("BVH", 50_000L), Map.entry("CTG", 40_000L), Map.entry("FPT", 118_000L),
            Map.entry("GAS", 64_000L), Map.entry("GVR", 30_000L), Map.entry("HDB", 27_000L),
            Map.entry("HPG", 27_000L), Map.entry("LPB", 35_000L), Map.entry("MBB", 25_000L),
            Map.entry("MSN", 75_000L), Map.entry("MWG", 70_000L), Map.entry("PLX", 35_000L),
            Map.entry("SAB", 48_000L), Map.entry("SHB", 15_000L), Map.entry("SSB", 18_000L),
            Map.entry("SSI", 32_000L), Map.entry("STB", 45_000L), Map.entry("TCB", 35_000L),
            Map.entry("TPB", 16_000L), Map.entry("VCB", 60_000L), Map.entry("VHM", 90_000L),
            Map.entry("VIB", 18_000L), Map.entry("VIC", 150_000L), Map.entry("VJC", 150_000L),
            Map.entry("VNM", 60_000L), Map.entry("VPB", 28_000L), Map.entry("VRE", 30_000L));

    static final double VN30_BASE = 1_900.0;
    static final double VNINDEX_BASE = 1_650.0;

    private final SplittableRandom rnd;
    private final List<Sim> stocks = new ArrayList<>();
    /** The tracked VN30F contracts, nearest expiry first. */
    private final List<Sim> futures = new ArrayList<>();
    private double vn30Prior = VN30_BASE;
    private double vnIndexPrior = VNINDEX_BASE;
    private long indexQtty;
    private long indexValue;
    private boolean opened;

    /** Per-instrument mutable state. */
    private static final class Sim {
        final String symbol;
        final Instrument.Exchange exchange;
        final boolean isFutures;
        final long weight;
        /** Band, open/high/low/last, totals. */
        final DayPrices p = new DayPrices();
        long bestBid;
        long bestAsk;
        final long[] bidVol = new long[3];
        final long[] askVol = new long[3];
        long totalRoom;
        long room0;
        long fBuyVol;
        long fSellVol;
        long fBuyVal;
        long fSellVal;
        /** Futures: premium over VN30 as a fraction (drifts), contracts open, epoch day of the expiry. */
        double basis;
        long openInterest = -1;
        long expiryDay;

        Sim(String symbol, Instrument.Exchange exchange, boolean isFutures, long weight) {
            this.symbol = symbol;
            this.exchange = exchange;
            this.isFutures = isFutures;
            this.weight = weight;
        }

        long tick(long price) {
            return isFutures ? 10 : PriceRules.tickSize(exchange, price);
        }
    }

    public MarketSimulator(long seed, Instruments instruments) {
        this.rnd = new SplittableRandom(seed);
        for (Instrument i : instruments.stocks()) {
            long base = BASE_PRICES.getOrDefault(i.symbol(), 10_000L + Math.floorMod(i.symbol().hashCode(), 50) * 1_000L);
            Sim s = new Sim(i.symbol(), i.exchange(), false, 1 + Math.floorMod(i.symbol().hashCode() * 31L, 9));
            s.p.band(base, PriceRules.ceiling(s.exchange, base), PriceRules.floor(s.exchange, base));
            s.totalRoom = (200 + rnd.nextInt(1800)) * 1_000_000L;
            s.room0 = s.totalRoom * (5 + rnd.nextInt(55)) / 100;
            stocks.add(s);
        }
        for (String code : instruments.futures().symbols()) {
            Sim f = new Sim(code, Instrument.Exchange.HNX, true, 0);
            int n = futures.size();
            // a later month trades at a wider premium and with fewer contracts open
            f.basis = 0.003 + 0.004 * n;
            f.openInterest = 45_000 / (1 + 5L * n);
            f.expiryDay = FuturesContracts.expiry(java.time.YearMonth.of(2000 + Integer.parseInt(code.substring(5, 7)),
                    Integer.parseInt(code.substring(7, 9)))).toEpochDay();
            futures.add(f);
            futuresBand(f, Math.round(VN30_BASE * (1 + f.basis) * 100));
        }
        resetDay();
    }

    private void resetDay() {
        for (Sim s : stocks) {
            s.p.resetDay();
            s.fBuyVol = s.fSellVol = s.fBuyVal = s.fSellVal = 0;
            s.bestBid = s.p.ref - s.tick(s.p.ref);
            s.bestAsk = s.p.ref;
            for (int l = 0; l < 3; l++) {
                s.bidVol[l] = lots(50);
                s.askVol[l] = lots(50);
            }
        }
        for (Sim f : futures) {
            f.p.resetDay();
            f.bestBid = f.p.ref - 10;
            f.bestAsk = f.p.ref;
            for (int l = 0; l < 3; l++) {
                f.bidVol[l] = 1 + rnd.nextInt(50);
                f.askVol[l] = 1 + rnd.nextInt(50);
            }
        }
        indexQtty = 0;
        indexValue = 0;
    }

    /**
     * Starts a new trading day: yesterday's closes become today's references, books and totals reset.
     */
    public void newDay() {
        for (Sim s : stocks) {
            if (s.p.last > 0) {
                s.p.band(s.p.last, PriceRules.ceiling(s.exchange, s.p.last), PriceRules.floor(s.exchange, s.p.last));
            }
        }
        vn30Prior = vn30();
        vnIndexPrior = vnIndex();
        for (Sim f : futures) {
            futuresBand(f, f.p.last > 0 ? f.p.last : Math.round(vn30Prior * (1 + f.basis) * 100));
        }
        resetDay();
        opened = false;
    }

    /** The contract's band: +-7% of its reference in points, on 0.1-point steps. */
    private static void futuresBand(Sim f, long ref) {
        f.p.band(ref, PriceRules.roundDown(ref * 107 / 100, 10), PriceRules.roundUp(ref * 93 / 100, 10));
    }

    /**
     * The contract of the next futures trade: the nearest one most of the time, the next month's for
     * about one trade in six, and for most of them in the last two days before the nearest one expires
     * (traders roll their positions), so the shown, most traded contract changes as on the exchange.
     */
    private Sim pickFutures(long ts) {
        if (futures.size() == 1) {
            return futures.get(0);
        }
        Sim near = futures.get(0);
        long day = Math.floorDiv(ts + 7 * 3_600_000L, 86_400_000L);
        int nextShare = near.expiryDay - day <= 2 ? 70 : 15;
        return rnd.nextInt(100) < nextShare ? futures.get(1) : near;
    }

    private long lots(int maxLots) {
        return 100L * (1 + rnd.nextInt(maxLots));
    }

    /** Quotes for every instrument, indices and foreign rooms: the state a client sees before trading. */
    public void emitOpening(long ts, TradingSession session, MarketEventSink sink) {
        for (Sim s : stocks) {
            sink.accept(quote(s, ts, session));
            sink.accept(new ForeignRoom(s.symbol, ts, s.totalRoom, room(s),
                    s.fBuyVol, s.fSellVol, s.fBuyVal, s.fSellVal));
        }
        for (Sim f : futures) {
            sink.accept(quote(f, ts, session));
        }
        emitIndices(ts, session, sink);
        opened = true;
    }

    /**
     * Emits the next event(s) at time {@code ts} in {@code session}. Outside ATO/continuous/ATC it emits
     * nothing. Returns the number of events emitted (1 or 2: a trade is followed by its quote).
     */
    public int step(long ts, TradingSession session, MarketEventSink sink) {
        if (session != TradingSession.ATO && session != TradingSession.CONTINUOUS && session != TradingSession.ATC) {
            return 0;
        }
        if (!opened) {
            emitOpening(ts, session, sink);
        }
        int roll = rnd.nextInt(100);
        if (roll < 62) {
            return trade(stocks.get(rnd.nextInt(stocks.size())), ts, session, sink);
        }
        if (roll < 77) {
            Sim s = stocks.get(rnd.nextInt(stocks.size()));
            reshuffleBook(s);
            sink.accept(quote(s, ts, session));
            return 1;
        }
        if (roll < 87) {
            return foreign(stocks.get(rnd.nextInt(stocks.size())), ts, sink);
        }
        if (roll < 93) {
            return emitIndices(ts, session, sink);
        }
        return trade(pickFutures(ts), ts, session, sink);
    }

    private int trade(Sim s, long ts, TradingSession session, MarketEventSink sink) {
        if (s.isFutures) {
            // drift the basis and pull the book towards VN30 * (1 + basis)
            s.basis = Math.max(-0.015, Math.min(0.015, s.basis + (rnd.nextDouble() - 0.5) * 0.0004));
            long target = PriceRules.roundDown(Math.round(vn30() * (1 + s.basis) * 100), 10);
            target = Math.max(s.p.floor + 10, Math.min(s.p.ceiling - 10, target));
            s.bestAsk = target;
            s.bestBid = target - 10;
        } else {
            int move = rnd.nextInt(100);
            if (move < 25) {
                shift(s, -1);
            } else if (move > 74) {
                shift(s, +1);
            }
        }
        boolean buy = rnd.nextBoolean();
        long vol = s.isFutures ? 1 + rnd.nextInt(20) : lots(session == TradingSession.CONTINUOUS ? 30 : 100);
        return execute(s, buy, vol, ts, session, sink);
    }

    /** A trade of {@code vol} hitting the standing book (the best ask for a buy), then the quote after it. */
    private int execute(Sim s, boolean buy, long vol, long ts, TradingSession session, MarketEventSink sink) {
        long price = buy ? s.bestAsk : s.bestBid;
        if (buy) {
            s.askVol[0] = Math.max(s.isFutures ? 1 : 100, s.askVol[0] - vol);
        } else {
            s.bidVol[0] = Math.max(s.isFutures ? 1 : 100, s.bidVol[0] - vol);
        }
        s.p.trade(price);
        s.p.totalVol += vol;
        s.p.totalVal += s.isFutures ? price * vol * 1_000 : price * vol;
        if (s.isFutures) {
            // a trade opens new positions or closes old ones
            s.openInterest = Math.max(0, s.openInterest + (rnd.nextInt(100) < 55 ? vol : -vol));
        } else {
            indexQtty += vol;
            indexValue += price * vol;
        }
        TradeSide side = TradeSide.UNKNOWN; // the processor classifies against the book
        sink.accept(new Trade(s.symbol, ts, session, price, vol, s.p.totalVol, s.p.totalVal, side));
        sink.accept(quote(s, ts, session));
        return 2;
    }

    // ---- steering, for scripted scenarios (SIM_SCENARIO); each emits what the market would show ----

    private Sim stock(String symbol) {
        for (Sim s : stocks) {
            if (s.symbol.equals(symbol)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a simulated stock: " + symbol);
    }

    /** One buy of {@code volume} shares at the best ask of {@code symbol}. */
    int bigTrade(String symbol, long volume, long ts, TradingSession session, MarketEventSink sink) {
        return execute(stock(symbol), true, volume, ts, session, sink);
    }

    /** Moves the book of {@code symbol} to its ceiling (or floor) and trades there. */
    int toBand(String symbol, boolean ceiling, long ts, TradingSession session, MarketEventSink sink) {
        Sim s = stock(symbol);
        if (ceiling) {
            s.bestAsk = s.p.ceiling;
            s.bestBid = s.p.ceiling - s.tick(s.p.ceiling - 1);
        } else {
            s.bestBid = s.p.floor;
            s.bestAsk = s.p.floor + s.tick(s.p.floor);
        }
        return execute(s, ceiling, lots(30), ts, session, sink);
    }

    /** Foreign investors buy about {@code valueVnd} of {@code symbol} at once. */
    int foreignBuy(String symbol, long valueVnd, long ts, MarketEventSink sink) {
        Sim s = stock(symbol);
        long price = s.p.lastOrRef();
        long v = Math.max(100, valueVnd / price / 100 * 100);
        s.fBuyVol += v;
        s.fBuyVal += v * price;
        sink.accept(new ForeignRoom(s.symbol, ts, s.totalRoom, room(s), s.fBuyVol, s.fSellVol, s.fBuyVal, s.fSellVal));
        return 1;
    }

    /**
     * The nearest contract's basis changes side (premium to discount or back); it trades at the new level.
     * The nearest is the most traded (the shown one) unless the next month's has taken over near expiry.
     */
    int flipBasis(long ts, TradingSession session, MarketEventSink sink) {
        Sim f = futures.get(0);
        f.basis = f.basis >= 0 ? -0.004 : 0.004;
        long target = PriceRules.roundDown(Math.round(vn30() * (1 + f.basis) * 100), 10);
        f.bestAsk = Math.max(f.p.floor + 10, Math.min(f.p.ceiling - 10, target));
        f.bestBid = f.bestAsk - 10;
        return execute(f, true, 1, ts, session, sink);
    }

    /** Moves the book one tick up or down, inside the band. */
    private void shift(Sim s, int dir) {
        long newAsk = dir > 0 ? s.bestAsk + s.tick(s.bestAsk) : s.bestAsk - s.tick(s.bestAsk - 1);
        long newBid = dir > 0 ? s.bestBid + s.tick(s.bestBid) : s.bestBid - s.tick(s.bestBid - 1);
        if (newAsk > s.p.ceiling || newBid < s.p.floor || newBid >= newAsk) {
            return;
        }
        s.bestAsk = PriceRules.roundDown(newAsk, s.tick(newAsk));
        s.bestBid = PriceRules.roundDown(newBid, s.tick(newBid));
        if (s.bestBid >= s.bestAsk) {
            s.bestBid = s.bestAsk - s.tick(s.bestAsk);
        }
        reshuffleBook(s);
    }

    private void reshuffleBook(Sim s) {
        int l = rnd.nextInt(3);
        if (s.isFutures) {
            s.bidVol[l] = 1 + rnd.nextInt(50);
            s.askVol[l] = 1 + rnd.nextInt(50);
        } else {
            s.bidVol[l] = lots(80);
            s.askVol[l] = lots(80);
        }
    }

    private Quote quote(Sim s, long ts, TradingSession session) {
        List<PriceLevel> bids = new ArrayList<>(3);
        List<PriceLevel> asks = new ArrayList<>(3);
        long b = s.bestBid;
        long a = s.bestAsk;
        for (int l = 0; l < 3; l++) {
            bids.add(new PriceLevel(b >= s.p.floor ? b : 0, b >= s.p.floor ? s.bidVol[l] : 0));
            asks.add(new PriceLevel(a <= s.p.ceiling ? a : 0, a <= s.p.ceiling ? s.askVol[l] : 0));
            b -= s.tick(b - 1);
            a += s.tick(a);
        }
        return new Quote(s.symbol, ts, session, s.p.ref, s.p.ceiling, s.p.floor, s.p.open, s.p.high, s.p.low, s.p.last,
                s.p.totalVol, s.p.totalVal, bids, asks, s.openInterest);
    }

    private int foreign(Sim s, long ts, MarketEventSink sink) {
        long price = s.p.lastOrRef();
        if (rnd.nextInt(100) < 52) {
            long v = lots(200);
            s.fBuyVol += v;
            s.fBuyVal += v * price;
        } else {
            long v = lots(200);
            s.fSellVol += v;
            s.fSellVal += v * price;
        }
        sink.accept(new ForeignRoom(s.symbol, ts, s.totalRoom, room(s),
                s.fBuyVol, s.fSellVol, s.fBuyVal, s.fSellVal));
        return 1;
    }

    private static long room(Sim s) {
        return Math.max(0, Math.min(s.totalRoom, s.room0 - s.fBuyVol + s.fSellVol));
    }

    /** VN30: base times the weighted mean of the components' price relatives (last / ref). */
    double vn30() {
        double num = 0;
        double den = 0;
        for (Sim s : stocks) {
            if (!Instruments.VN30.contains(s.symbol)) {
                continue;
            }
            num += s.weight * (double) s.p.lastOrRef() / s.p.ref;
            den += s.weight;
        }
        return den == 0 ? vn30Prior : Math.round(vn30Prior * num / den * 100) / 100.0;
    }

    /** VNINDEX: the same components, equally weighted. */
    double vnIndex() {
        double sum = 0;
        int n = 0;
        for (Sim s : stocks) {
            sum += (double) s.p.lastOrRef() / s.p.ref;
            n++;
        }
        return n == 0 ? vnIndexPrior : Math.round(vnIndexPrior * sum / n * 100) / 100.0;
    }

    private int emitIndices(long ts, TradingSession session, MarketEventSink sink) {
        int[] vn30 = new int[5];
        int[] all = new int[5];
        for (Sim s : stocks) {
            int[] b = Instruments.VN30.contains(s.symbol) ? vn30 : null;
            long p = s.p.lastOrRef();
            int k = p > s.p.ref ? 0 : p == s.p.ref ? 1 : 2;
            all[k]++;
            if (b != null) {
                b[k]++;
            }
            if (p == s.p.ceiling) {
                all[3]++;
                if (b != null) {
                    b[3]++;
                }
            }
            if (p == s.p.floor) {
                all[4]++;
                if (b != null) {
                    b[4]++;
                }
            }
        }
        sink.accept(new IndexUpdate(Instruments.VN30_INDEX, ts, session, vn30(), vn30Prior, indexQtty, indexValue,
                vn30[0], vn30[1], vn30[2], vn30[3], vn30[4]));
        sink.accept(new IndexUpdate(Instruments.VNINDEX, ts, session, vnIndex(), vnIndexPrior, indexQtty, indexValue,
                all[0], all[1], all[2], all[3], all[4]));
        return 2;
    }
}
