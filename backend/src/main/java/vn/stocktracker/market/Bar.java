package vn.stocktracker.market;

/**
 * A bar (SSI channel {@code B}). Informational: the backend builds its own 1-minute candles from
 * trades, so the processor only counts bars.
 *
 * @param symbol instrument code
 * @param ts     bar start, epoch ms UTC
 * @param open   VND
 * @param high   VND
 * @param low    VND
 * @param close  VND
 * @param volume shares
 */
public record Bar(String symbol, long ts, long open, long high, long low, long close, long volume)
        implements MarketEvent {
}
