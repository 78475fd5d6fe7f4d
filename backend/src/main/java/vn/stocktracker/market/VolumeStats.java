package vn.stocktracker.market;

import java.util.List;

/**
 * Per-stock volume statistics (see API.md "VolumeStats"): matched volume per session, active buy /
 * active sell / neutral volume and value, in total and by session.
 *
 * @param buyPressure active buy volume in percent of the classified volume (buy + sell + neutral),
 *                    2 decimals; 0 before any trade
 */
public record VolumeStats(
        String symbol, long totalVol, long activeBuyVol, long activeSellVol, long neutralVol,
        Sessions sessions, double buySellRatio,
        long activeBuyVal, long activeSellVal, long neutralVal, double buyPressure, BySession bySession) {

    /** Matched volume per session. */
    public record Sessions(long ato, long continuous, long atc) {
    }

    /** Active buy / active sell / neutral volume (shares) and value (VND) of one session. */
    public record SideSplit(long buyVol, long sellVol, long neutralVol, long buyVal, long sellVal, long neutralVal) {
        public static final SideSplit ZERO = new SideSplit(0, 0, 0, 0, 0, 0);

        SideSplit plus(SideSplit o) {
            return new SideSplit(buyVol + o.buyVol, sellVol + o.sellVol, neutralVol + o.neutralVol,
                    buyVal + o.buyVal, sellVal + o.sellVal, neutralVal + o.neutralVal);
        }
    }

    /** The split per session. In the ATO and ATC auctions every trade is neutral, so buy and sell are 0. */
    public record BySession(SideSplit ato, SideSplit continuous, SideSplit atc) {
        public static final BySession ZERO = new BySession(SideSplit.ZERO, SideSplit.ZERO, SideSplit.ZERO);

        BySession plus(BySession o) {
            return new BySession(ato.plus(o.ato), continuous.plus(o.continuous), atc.plus(o.atc));
        }
    }

    static double ratio(long buy, long sell) {
        return sell == 0 ? 0 : Math.round(buy * 100.0 / sell) / 100.0;
    }

    static double pressure(long buy, long sell, long neutral) {
        long all = buy + sell + neutral;
        return all == 0 ? 0 : Math.round(buy * 10_000.0 / all) / 100.0;
    }

    /** The market-wide sum of {@code stocks} under {@code symbol} (ratios recomputed from the sums). */
    public static VolumeStats total(String symbol, List<VolumeStats> stocks) {
        long tv = 0;
        long b = 0;
        long s = 0;
        long n = 0;
        long ato = 0;
        long cont = 0;
        long atc = 0;
        long bv = 0;
        long sv = 0;
        long nv = 0;
        BySession by = BySession.ZERO;
        for (VolumeStats v : stocks) {
            tv += v.totalVol;
            b += v.activeBuyVol;
            s += v.activeSellVol;
            n += v.neutralVol;
            ato += v.sessions.ato();
            cont += v.sessions.continuous();
            atc += v.sessions.atc();
            bv += v.activeBuyVal;
            sv += v.activeSellVal;
            nv += v.neutralVal;
            by = by.plus(v.bySession);
        }
        return new VolumeStats(symbol, tv, b, s, n, new Sessions(ato, cont, atc), ratio(b, s), bv, sv, nv,
                pressure(b, s, n), by);
    }
}
