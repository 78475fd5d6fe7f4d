package vn.stocktracker.source.ssi;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SSI content fields the normaliser reads, as small integer ids, and the case-insensitive name table
 * that maps wire names (with their aliases: {@code FBuyVol} = {@code BuyVol}, {@code IndexID} =
 * {@code IndexId}, {@code Nochanges} = {@code NoChanges}...) to them. Unknown names are skipped.
 */
final class SsiField {

    private SsiField() {
    }

    // string fields
    static final int RTYPE = 0;
    static final int SYMBOL = 1;
    static final int TRADING_DATE = 2;
    static final int TIME = 3;
    static final int TRADING_SESSION = 4;
    static final int SIDE = 5;
    static final int INDEX_ID = 6;
    static final int TRADING_TIME = 7;
    static final int STRING_COUNT = 8;

    // numeric fields
    static final int CEILING = 8;
    static final int FLOOR = 9;
    static final int REF_PRICE = 10;
    static final int OPEN = 11;
    static final int HIGH = 12;
    static final int LOW = 13;
    static final int CLOSE = 14;
    static final int HIGHEST = 15;
    static final int LOWEST = 16;
    static final int LAST_PRICE = 17;
    static final int LAST_VOL = 18;
    static final int TOTAL_VOL = 19;
    static final int TOTAL_VAL = 20;
    static final int TOTAL_ROOM = 21;
    static final int CURRENT_ROOM = 22;
    static final int BUY_VOL = 23;
    static final int SELL_VOL = 24;
    static final int BUY_VAL = 25;
    static final int SELL_VAL = 26;
    static final int INDEX_VALUE = 27;
    static final int PRIOR_INDEX_VALUE = 28;
    static final int TOTAL_QTTY = 29;
    static final int TOTAL_VALUE = 30;
    static final int ADVANCES = 31;
    static final int NO_CHANGES = 32;
    static final int DECLINES = 33;
    static final int CEILINGS = 34;
    static final int FLOORS = 35;
    static final int VOLUME = 36;
    static final int CHANGE = 37;
    /** BidPrice1..10 are BID_PRICE + 0..9; the same layout for the other three book arrays. */
    static final int BID_PRICE = 38;
    static final int BID_VOL = 48;
    static final int ASK_PRICE = 58;
    static final int ASK_VOL = 68;
    static final int OPEN_INTEREST = 78;
    static final int COUNT = 79;

    /** Wire names as SSI documents them (the usual case: one lookup). */
    private static final Map<String, Integer> EXACT = new HashMap<>();
    /** The same names lower-cased, for payloads with odd casing ({@code LASTPRICE}, {@code lastprice}). */
    private static final Map<String, Integer> LOWER = new HashMap<>();

    static {
        put("RType", RTYPE);
        put("Symbol", SYMBOL);
        put("TradingDate", TRADING_DATE);
        put("Time", TIME);
        put("TradingSession", TRADING_SESSION);
        put("Side", SIDE);
        put("IndexId", INDEX_ID);
        put("TradingTime", TRADING_TIME);
        put("Ceiling", CEILING);
        put("Floor", FLOOR);
        put("RefPrice", REF_PRICE);
        put("Open", OPEN);
        put("High", HIGH);
        put("Low", LOW);
        put("Close", CLOSE);
        put("Highest", HIGHEST);
        put("Lowest", LOWEST);
        put("LastPrice", LAST_PRICE);
        put("LastVol", LAST_VOL);
        put("TotalVol", TOTAL_VOL);
        put("TotalVal", TOTAL_VAL);
        put("TotalRoom", TOTAL_ROOM);
        put("CurrentRoom", CURRENT_ROOM);
        put("BuyVol", BUY_VOL);
        put("SellVol", SELL_VOL);
        put("BuyVal", BUY_VAL);
        put("SellVal", SELL_VAL);
        put("FBuyVol", BUY_VOL);
        put("FSellVol", SELL_VOL);
        put("FBuyVal", BUY_VAL);
        put("FSellVal", SELL_VAL);
        put("IndexValue", INDEX_VALUE);
        put("PriorIndexValue", PRIOR_INDEX_VALUE);
        put("TotalQtty", TOTAL_QTTY);
        put("TotalValue", TOTAL_VALUE);
        put("Advances", ADVANCES);
        put("NoChanges", NO_CHANGES);
        put("Declines", DECLINES);
        put("Ceilings", CEILINGS);
        put("Floors", FLOORS);
        put("Volume", VOLUME);
        put("Change", CHANGE);
        put("OpenInterest", OPEN_INTEREST);
        put("OI", OPEN_INTEREST);
        for (int i = 0; i < 10; i++) {
            put("BidPrice" + (i + 1), BID_PRICE + i);
            put("BidVol" + (i + 1), BID_VOL + i);
            put("AskPrice" + (i + 1), ASK_PRICE + i);
            put("AskVol" + (i + 1), ASK_VOL + i);
        }
        // SSI's own spellings that differ from the documented ones
        EXACT.put("IndexID", INDEX_ID);
        EXACT.put("Nochanges", NO_CHANGES);
    }

    private static void put(String name, int id) {
        EXACT.put(name, id);
        LOWER.put(name.toLowerCase(Locale.ROOT), id);
    }

    /**
     * The id of a wire name, or -1 when the normaliser does not read it. Names match ignoring case;
     * Jackson hands out canonical name strings, so their hash codes are computed once per name.
     */
    static int id(String name) {
        Integer id = EXACT.get(name);
        if (id == null) {
            id = LOWER.get(name.toLowerCase(Locale.ROOT));
        }
        return id == null ? -1 : id;
    }

    static boolean isString(int id) {
        return id < STRING_COUNT;
    }
}
