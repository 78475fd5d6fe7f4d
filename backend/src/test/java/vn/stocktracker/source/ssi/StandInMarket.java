package vn.stocktracker.source.ssi;

import vn.stocktracker.market.DayPrices;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.PriceRules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A small, seeded model of a HOSE trading day that writes SSI payloads: {@code X} snapshots (3 book levels
 * for HOSE stocks, 10 for the VN30F contract, like SSI), {@code R} cumulative foreign room, {@code MI}
 * index values with breadth, {@code B} bars, and a few untracked symbols. A share of the payloads uses
 * odd key casing, numbers as strings and F-prefixed room fields, as the real feed does.
 * Not thread-safe.
 */
public final class StandInMarket {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Approximate reference prices (VND) of the VN30 components. */
    private static final Map<String, Long> REF = new LinkedHashMap<>();

    static {
        long[] px = {25000, 68000, 38000, 52000, 40000, 118000, 68000, 30000, 28000, 27000, 33000, 26000, 78000,
            72000, 36000, 48000, 15000, 18000, 33000, 50000, 35000, 16000, 60000, 95000, 18000, 150000, 130000, 60000,
            27000, 30000};
        for (int i = 0; i < Instruments.VN30.size(); i++) {
            REF.put(Instruments.VN30.get(i), px[i]);
        }
    }

    private static final String[] UNTRACKED = {"TAR", "HAG", "DIG", "PVS", "SHS"};

    private final Random rnd;
    private final LocalDate day;
    private final String futures;
    private final List<Stock> stocks = new ArrayList<>();
    private final Stock fut;
    private double vn30 = 1880.0;
    private double vnindex = 1650.0;
    private final double vn30Prior = 1880.0;
    private final double vnindexPrior = 1650.0;
    private long indexQtty;
    private long indexValue;
    private int lastStock;
    private double oddShare = 0.1;

    private static final class Stock {
        final String symbol;
        final boolean futures;
        /** Band, open/high/low/last, totals (the last price starts at the reference). */
        final DayPrices p = new DayPrices();
        long totalRoom;
        long currentRoom;
        long fBuyVol;
        long fSellVol;
        long fBuyVal;
        long fSellVal;

        Stock(String symbol, boolean futures, long ref, long ceiling, long floor) {
            this.symbol = symbol;
            this.futures = futures;
            p.band(ref, ceiling, floor);
            p.last = ref;
        }
    }

    public StandInMarket(long seed, LocalDate day) {
        this.rnd = new Random(seed);
        this.day = day;
        this.futures = Instruments.frontMonthFutures(day);
        for (String s : Instruments.VN30) {
            long ref = REF.get(s);
            stocks.add(stock(s, ref));
        }
        for (String s : UNTRACKED) {
            stocks.add(stock(s, 10_000 + rnd.nextInt(40) * 500L));
        }
        // futures prices in points x 100 internally; band +-7% like the underlying
        long fref = 188500;
        fut = new Stock(futures, true, fref, fref * 107 / 100, fref * 93 / 100);
    }

    private Stock stock(String symbol, long ref) {
        Stock st = new Stock(symbol, false, ref, PriceRules.ceiling(Instrument.Exchange.HOSE, ref),
                PriceRules.floor(Instrument.Exchange.HOSE, ref));
        st.totalRoom = (50 + rnd.nextInt(900)) * 1_000_000L;
        st.currentRoom = st.totalRoom / (2 + rnd.nextInt(8));
        return st;
    }

    /** The front-month futures code the market trades. */
    public String futuresSymbol() {
        return futures;
    }

    /** Share (0..1) of payloads written with odd casing / numbers as strings / F-prefixed fields. */
    public StandInMarket oddShare(double share) {
        this.oddShare = share;
        return this;
    }

    /** The VN30 components as SSI's IndexComponents lists them. */
    public static List<String> vn30() {
        return Instruments.VN30;
    }

    public static long refPrice(String symbol) {
        return REF.getOrDefault(symbol, 0L);
    }

    /** {@code n} complete frames of a realistic mix, 50 ms of market time apart from 09:15:00. */
    public List<String> mixedFrames(int n) {
        long t0 = day.atTime(9, 15).atZone(Instruments.VN).toInstant().toEpochMilli();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SsiFrames.broadcast("d-" + i, List.of(nextPayload(t0 + i * 50L))));
        }
        return out;
    }

    /**
     * The next payload at market time {@code epochMs}: 65% X (a trade and a new book), 15% R, 8% MI,
     * 10% B, 2% F.
     */
    public String nextPayload(long epochMs) {
        int r = rnd.nextInt(100);
        if (r < 65) {
            return x(pick(), epochMs, true);
        }
        if (r < 80) {
            return room(pickStock(), epochMs);
        }
        if (r < 88) {
            return index(rnd.nextBoolean() ? "VN30" : "VNINDEX", epochMs);
        }
        if (r < 98) {
            return bar(pick(), epochMs);
        }
        Stock s = pickStock();
        return SsiFrames.payload("F", SsiFrames.content("RType", "F", "MarketId", "HOSE", "TradingDate", date(epochMs),
                "Time", time(epochMs), "Symbol", s.symbol, "TradingSession", "LO", "TradingStatus", "N", "Exchange", "HOSE"));
    }

    /**
     * The current state of every instrument (X for stocks and the contract, MI for both indices) without
     * trading, e.g. to seed a fresh subscription.
     */
    public List<String> snapshotPayloads(long epochMs) {
        List<String> out = new ArrayList<>();
        for (Stock s : stocks) {
            out.add(x(s, epochMs, false));
        }
        out.add(x(fut, epochMs, false));
        out.add(index("VN30", epochMs));
        out.add(index("VNINDEX", epochMs));
        return out;
    }

    private Stock pick() {
        return rnd.nextInt(12) == 0 ? fut : pickStock();
    }

    private Stock pickStock() {
        lastStock = rnd.nextInt(stocks.size());
        return stocks.get(lastStock);
    }

    private long tick(Stock s, long price) {
        return s.futures ? 10 : PriceRules.tickSize(Instrument.Exchange.HOSE, price);
    }

    private void trade(Stock s) {
        long t = tick(s, s.p.last);
        long move = (long) (rnd.nextGaussian() * 1.2) * t;
        long px = Math.min(s.p.ceiling, Math.max(s.p.floor, s.p.last + move));
        px = PriceRules.roundDown(px, tick(s, px));
        s.p.trade(px);
        long vol = s.futures ? 1 + rnd.nextInt(50) : (1 + rnd.nextInt(60)) * 100L;
        s.p.totalVol += vol;
        s.p.totalVal += s.futures ? px * vol * 1000 : px * vol;
        indexQtty += s.futures ? 0 : vol;
        indexValue += s.futures ? 0 : px * vol;
    }

    private String x(Stock s, long epochMs, boolean trade) {
        if (trade || s.p.totalVol == 0) {
            trade(s);
        }
        boolean odd = rnd.nextDouble() < oddShare;
        double k = s.futures ? 100.0 : 1.0;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("RType", "X");
        c.put("TradingDate", date(epochMs));
        c.put("Time", time(epochMs));
        c.put("Isin", s.symbol);
        c.put("Symbol", s.symbol);
        c.put("Ceiling", s.p.ceiling / k);
        c.put("Floor", s.p.floor / k);
        c.put("RefPrice", s.p.ref / k);
        c.put("Open", s.p.open / k);
        c.put("High", s.p.high / k);
        c.put("Low", s.p.low / k);
        c.put("Close", s.p.last / k);
        c.put("AvgPrice", s.p.totalVol == 0 ? 0.0 : (double) Math.round((double) s.p.totalVal / s.p.totalVol / (s.futures ? 1000 : 1)) / k);
        c.put("PriorVal", s.p.ref / k);
        c.put("LastPrice", s.p.last / k);
        c.put("LastVol", 100.0);
        c.put("TotalVal", (double) s.p.totalVal);
        c.put("TotalVol", (double) s.p.totalVol);
        int levels = s.futures ? 10 : 3;
        long t = tick(s, s.p.last);
        for (int i = 1; i <= 10; i++) {
            long bid = i <= levels ? Math.max(s.p.floor, s.p.last - i * t) : 0;
            long ask = i <= levels ? Math.min(s.p.ceiling, s.p.last + (i - 1) * t) : 0;
            c.put("BidPrice" + i, bid / k);
            c.put("BidVol" + i, i <= levels ? (double) ((1 + rnd.nextInt(500)) * (s.futures ? 1 : 100)) : 0.0);
            c.put("AskPrice" + i, ask / k);
            c.put("AskVol" + i, i <= levels ? (double) ((1 + rnd.nextInt(500)) * (s.futures ? 1 : 100)) : 0.0);
        }
        c.put("MarketId", s.futures ? "DER" : "HOSE");
        c.put("Exchange", s.futures ? "DER" : "HOSE");
        c.put("TradingSession", "LO");
        c.put("TradingStatus", "N");
        c.put("Change", (s.p.last - s.p.ref) / k);
        c.put("RatioChange", Math.round((s.p.last - s.p.ref) * 10000.0 / s.p.ref) / 100.0);
        c.put("EstMatchedPrice", 0.0);
        return SsiFrames.payload("X", odd ? oddly(c) : c);
    }

    private String room(Stock s, long epochMs) {
        long v = (1 + rnd.nextInt(50)) * 100L;
        if (rnd.nextBoolean()) {
            s.fBuyVol += v;
            s.fBuyVal += v * s.p.last;
            s.currentRoom -= v;
        } else {
            s.fSellVol += v;
            s.fSellVal += v * s.p.last;
            s.currentRoom += v;
        }
        boolean odd = rnd.nextDouble() < oddShare;
        String p = odd ? "F" : "";
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("RType", "R");
        c.put("TradingDate", date(epochMs));
        c.put("Time", time(epochMs));
        c.put("Isin", s.symbol);
        c.put("Symbol", s.symbol);
        c.put("TotalRoom", (double) s.totalRoom);
        c.put("CurrentRoom", (double) s.currentRoom);
        c.put(p + "BuyVol", (double) s.fBuyVol);
        c.put(p + "SellVol", (double) s.fSellVol);
        c.put(p + "BuyVal", (double) s.fBuyVal);
        c.put(p + "SellVal", (double) s.fSellVal);
        c.put("MarketId", "HOSE");
        c.put("Exchange", "HOSE");
        return SsiFrames.payload("R", odd ? oddly(c) : c);
    }

    private String index(String id, long epochMs) {
        boolean vn30Index = "VN30".equals(id);
        double step = Math.round(rnd.nextGaussian() * 80) / 100.0;
        double value;
        double prior;
        if (vn30Index) {
            vn30 = Math.round((vn30 + step) * 100) / 100.0;
            value = vn30;
            prior = vn30Prior;
        } else {
            vnindex = Math.round((vnindex + step) * 100) / 100.0;
            value = vnindex;
            prior = vnindexPrior;
        }
        int adv = 0;
        int dec = 0;
        int same = 0;
        int ceil = 0;
        int flo = 0;
        for (int i = 0; i < Instruments.VN30.size(); i++) {
            Stock s = stocks.get(i);
            if (s.p.last > s.p.ref) {
                adv++;
            } else if (s.p.last < s.p.ref) {
                dec++;
            } else {
                same++;
            }
            ceil += s.p.last == s.p.ceiling ? 1 : 0;
            flo += s.p.last == s.p.floor ? 1 : 0;
        }
        int scale = vn30Index ? 1 : 13;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("IndexId", vn30Index ? "VN30" : "VNINDEX");
        c.put("IndexValue", value);
        c.put("PriorIndexValue", prior);
        c.put("TradingDate", date(epochMs));
        c.put("Time", time(epochMs));
        c.put("TotalTrade", 0.0);
        c.put("TotalQtty", (double) indexQtty * scale);
        c.put("TotalValue", (double) indexValue * scale);
        c.put("IndexName", id);
        c.put("Advances", adv * scale);
        c.put("NoChanges", same * scale);
        c.put("Declines", dec * scale);
        c.put("Ceilings", ceil);
        c.put("Floors", flo);
        c.put("Change", Math.round((value - prior) * 100) / 100.0);
        c.put("RatioChange", Math.round((value - prior) * 10000 / prior) / 100.0);
        c.put("Exchange", "HOSE");
        c.put("IndexType", "Main");
        c.put("TradingSession", "LO");
        c.put("RType", "MI");
        return SsiFrames.payload("MI", rnd.nextDouble() < oddShare ? oddly(c) : c);
    }

    private String bar(Stock s, long epochMs) {
        double k = s.futures ? 100.0 : 1.0;
        return SsiFrames.payload("B", SsiFrames.content("RType", "B", "Symbol", s.symbol, "TradingTime", time(epochMs),
                "Open", s.p.last / k, "High", s.p.high / k, "Low", s.p.low / k, "Close", s.p.last / k,
                "Volume", s.futures ? 5 : 1000, "Value", 0));
    }

    /** Odd casing for half the keys and every number as a string, like some SSI payloads. */
    private Map<String, Object> oddly(Map<String, Object> c) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Object> e : c.entrySet()) {
            String k = e.getKey();
            k = switch (i++ % 3) {
                case 0 -> k.toLowerCase(Locale.ROOT);
                case 1 -> k.toUpperCase(Locale.ROOT);
                default -> k;
            };
            Object v = e.getValue();
            out.put(k, v instanceof Number n ? plain(n) : v);
        }
        return out;
    }

    private static String plain(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String date(long epochMs) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), Instruments.VN).format(DATE);
    }

    private static String time(long epochMs) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), Instruments.VN).format(TIME);
    }
}
