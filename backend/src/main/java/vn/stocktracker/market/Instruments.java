package vn.stocktracker.market;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tracked universe: the VN30 components (SSI's IndexComponents list when the feed is SSI, else the
 * built-in one), the VN30 and VNINDEX indices, the VN30F contracts ({@link FuturesContracts}: by default
 * the current and the next month's) and any extra symbols from {@code EXTRA_SYMBOLS}. Immutable.
 */
public final class Instruments {

    /** Asia/Ho_Chi_Minh: every exchange time is in this zone. */
    public static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    /** The built-in VN30 components (HOSE), used when the feed does not list them. */
    public static final List<String> VN30 = List.of(
            "ACB", "BCM", "BID", "BVH", "CTG", "FPT", "GAS", "GVR", "HDB", "HPG",
            "LPB", "MBB", "MSN", "MWG", "PLX", "SAB", "SHB", "SSB", "SSI", "STB",
            "TCB", "TPB", "VCB", "VHM", "VIB", "VIC", "VJC", "VNM", "VPB", "VRE");

    public static final String VN30_INDEX = "VN30";
    public static final String VNINDEX = "VNINDEX";

    private final Map<String, Instrument> bySymbol;
    private final List<String> vn30;
    private final FuturesContracts futures;

    private Instruments(Map<String, Instrument> bySymbol, List<String> vn30, FuturesContracts futures) {
        this.bySymbol = bySymbol;
        this.vn30 = List.copyOf(vn30);
        this.futures = futures;
    }

    /** The tracked VN30 components (the feed's list, or the built-in one). */
    public List<String> vn30() {
        return vn30;
    }

    /**
     * The built-in VN30 list, the default contracts of {@code tradeDay}, plus extras.
     *
     * @param extras   extra HOSE stock codes (already validated: 3-10 letters/digits)
     * @param tradeDay the day whose current and next-month VN30F contracts are tracked
     */
    public static Instruments create(Collection<String> extras, LocalDate tradeDay) {
        return create(VN30, extras, FuturesContracts.defaults(tradeDay));
    }

    /**
     * @param vn30    the VN30 components (e.g. from SSI's IndexComponents), upper case
     * @param extras  extra HOSE stock codes (already validated)
     * @param futures the contracts to track
     */
    public static Instruments create(List<String> vn30, Collection<String> extras, FuturesContracts futures) {
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (String s : vn30) {
            m.put(s, new Instrument(s, Instrument.Type.STOCK, Instrument.Exchange.HOSE, s));
        }
        for (String s : extras) {
            String code = s.trim().toUpperCase(Locale.ROOT);
            m.putIfAbsent(code, new Instrument(code, Instrument.Type.STOCK, Instrument.Exchange.HOSE, code));
        }
        m.put(VN30_INDEX, new Instrument(VN30_INDEX, Instrument.Type.INDEX, Instrument.Exchange.HOSE, "VN30 Index"));
        m.put(VNINDEX, new Instrument(VNINDEX, Instrument.Type.INDEX, Instrument.Exchange.HOSE, "VN-Index"));
        for (String fut : futures.symbols()) {
            m.put(fut, new Instrument(fut, Instrument.Type.FUTURES, Instrument.Exchange.HNX, "VN30 index futures " + fut.substring(5)));
        }
        return new Instruments(Map.copyOf(m), vn30, futures);
    }

    /**
     * The front-month VN30F code on a day, e.g. {@code VN30F2512}: the contract of the current month,
     * rolling to the next month after the expiry (third Thursday).
     */
    public static String frontMonthFutures(LocalDate day) {
        return FuturesContracts.code(FuturesContracts.currentMonth(day));
    }

    public Instrument get(String symbol) {
        return bySymbol.get(symbol);
    }

    public boolean contains(String symbol) {
        return bySymbol.containsKey(symbol);
    }

    /** The tracked contract nearest to expiry (the current one by default). */
    public String futuresSymbol() {
        return futures.symbols().get(0);
    }

    /** Every tracked contract, nearest expiry first, and the pinned shown one. */
    public FuturesContracts futures() {
        return futures;
    }

    /** Whether a symbol is a VN30 futures contract (tracked or not). */
    public static boolean isFutures(String symbol) {
        return symbol.startsWith("VN30F");
    }

    /** Tracked stocks (VN30 then extras), in a stable order. */
    public List<Instrument> stocks() {
        return ofType(Instrument.Type.STOCK);
    }

    public List<Instrument> ofType(Instrument.Type type) {
        List<Instrument> out = new ArrayList<>();
        for (Instrument i : bySymbol.values()) {
            if (i.type() == type) {
                out.add(i);
            }
        }
        out.sort((a, b) -> a.symbol().compareTo(b.symbol()));
        return out;
    }

    /** Every instrument, sorted by type then symbol. */
    public List<Instrument> all() {
        List<Instrument> out = new ArrayList<>(bySymbol.values());
        out.sort((a, b) -> a.type() != b.type() ? a.type().compareTo(b.type()) : a.symbol().compareTo(b.symbol()));
        return out;
    }
}
