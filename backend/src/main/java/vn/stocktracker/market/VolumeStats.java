package vn.stocktracker.market;

/** Per-stock volume statistics (see API.md "VolumeStats"). */
public record VolumeStats(
        String symbol, long totalVol, long activeBuyVol, long activeSellVol, long neutralVol,
        Sessions sessions, double buySellRatio) {

    /** Matched volume per session. */
    public record Sessions(long ato, long continuous, long atc) {
    }

    static double ratio(long buy, long sell) {
        return sell == 0 ? 0 : Math.round(buy * 100.0 / sell) / 100.0;
    }
}
