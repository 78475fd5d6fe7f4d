package vn.stocktracker.source.ssi;

/**
 * One bar from {@code DailyOhlc} or {@code IntradayOhlc}. Prices in event units: VND for stocks,
 * hundredths of a point for VN30F contracts (see {@link vn.stocktracker.market.MarketEvent}).
 *
 * @param symbol instrument code
 * @param ts     bar time (daily: 00:00 of the trading date; intraday: the bar's time), epoch ms UTC
 * @param open   opening price
 * @param high   high
 * @param low    low
 * @param close  close
 * @param volume shares (contracts)
 * @param value  VND (0 when SSI does not say)
 */
public record OhlcBar(String symbol, long ts, long open, long high, long low, long close, long volume, long value) {
}
