package vn.stocktracker.market;

import java.util.List;

/**
 * The quote of one instrument (stock or futures contract): reference band, day statistics and the
 * order book as it is <em>after</em> this update. SSI channel {@code X} maps to one Quote per frame
 * (and, when the frame carries a new trade, to a {@link Trade} emitted <em>before</em> the Quote, so
 * the processor classifies the trade against the book that was standing when it happened).
 *
 * <p>Price fields are VND for stocks and hundredths of a point for futures (see {@link MarketEvent}).
 *
 * @param symbol    instrument code
 * @param ts        exchange time, epoch ms UTC
 * @param session   trading session; {@code null} if the source does not know
 * @param refPrice  reference price, VND (0 if unknown)
 * @param ceiling   ceiling price, VND (0 if unknown)
 * @param floor     floor price, VND (0 if unknown)
 * @param open      day open, VND (0 before the first trade)
 * @param high      day high, VND
 * @param low       day low, VND
 * @param lastPrice last matched price, VND (0 before the first trade)
 * @param totalVol  cumulative matched volume of the day
 * @param totalVal  cumulative matched value of the day, VND
 * @param bids      best bids, best first, at most 10 levels (the board shows 3)
 * @param asks      best asks, best first, at most 10 levels
 * @param openInterest futures contracts open, when the source says (else -1); always -1 for stocks
 */
public record Quote(
        String symbol, long ts, TradingSession session,
        long refPrice, long ceiling, long floor,
        long open, long high, long low, long lastPrice,
        long totalVol, long totalVal,
        List<PriceLevel> bids, List<PriceLevel> asks, long openInterest) implements MarketEvent {

    public Quote {
        bids = bids == null ? List.of() : List.copyOf(bids);
        asks = asks == null ? List.of() : List.copyOf(asks);
    }

    /** A quote without open interest (stocks, or a feed that does not give it). */
    public Quote(String symbol, long ts, TradingSession session, long refPrice, long ceiling, long floor,
                 long open, long high, long low, long lastPrice, long totalVol, long totalVal,
                 List<PriceLevel> bids, List<PriceLevel> asks) {
        this(symbol, ts, session, refPrice, ceiling, floor, open, high, low, lastPrice, totalVol, totalVal, bids, asks, -1);
    }

    /** Best bid price, or 0 when the side is empty. */
    public long bestBid() {
        return bids.isEmpty() ? 0 : bids.get(0).price();
    }

    /** Best ask price, or 0 when the side is empty. */
    public long bestAsk() {
        return asks.isEmpty() ? 0 : asks.get(0).price();
    }
}
