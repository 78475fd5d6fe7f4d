package vn.stocktracker.market;

import java.util.Map;

/**
 * The industry group of each VN30 component, as the foreign-flow page groups them (ICB-style groups;
 * a stock outside the table, e.g. from {@code EXTRA_SYMBOLS}, is {@value #OTHER}).
 */
public final class Sectors {
    public static final String OTHER = "Other";

    private static final Map<String, String> BY_SYMBOL = Map.ofEntries(
            Map.entry("ACB", "Banks"), Map.entry("BID", "Banks"), Map.entry("CTG", "Banks"), Map.entry("HDB", "Banks"),
            Map.entry("LPB", "Banks"), Map.entry("MBB", "Banks"), Map.entry("SHB", "Banks"), Map.entry("SSB", "Banks"),
            Map.entry("STB", "Banks"), Map.entry("TCB", "Banks"), Map.entry("TPB", "Banks"), Map.entry("VCB", "Banks"),
            Map.entry("VIB", "Banks"), Map.entry("VPB", "Banks"),
            Map.entry("BCM", "Real estate"), Map.entry("VHM", "Real estate"), Map.entry("VIC", "Real estate"),
            Map.entry("VRE", "Real estate"),
            Map.entry("MSN", "Consumer"), Map.entry("MWG", "Consumer"), Map.entry("SAB", "Consumer"),
            Map.entry("VNM", "Consumer"),
            Map.entry("GAS", "Energy"), Map.entry("PLX", "Energy"),
            Map.entry("GVR", "Materials"), Map.entry("HPG", "Materials"),
            Map.entry("BVH", "Financial services"), Map.entry("SSI", "Financial services"),
            Map.entry("FPT", "Technology"),
            Map.entry("VJC", "Industrials"));

    private Sectors() {
    }

    public static String of(String symbol) {
        return BY_SYMBOL.getOrDefault(symbol, OTHER);
    }
}
