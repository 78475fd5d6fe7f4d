package vn.stocktracker.market;

/**
 * One matched trade (SSI {@code X}: {@code LastPrice}/{@code LastVol} when {@code TotalVol} grew).
 * The processor classifies it as active buy / active sell / neutral against the book standing before
 * it, so sources emit a Trade before the {@link Quote} that shows the book after it.
 *
 * <p>Price fields are VND for stocks and hundredths of a point for futures (see {@link MarketEvent}).
 *
 * @param symbol   instrument code
 * @param ts       exchange time, epoch ms UTC
 * @param session  trading session (ATO/ATC trades are always neutral); {@code null} if unknown
 * @param price    matched price, VND
 * @param volume   matched volume, shares (contracts for futures), &gt; 0
 * @param totalVol cumulative matched volume of the day after this trade (0 if unknown)
 * @param totalVal cumulative matched value of the day after this trade, VND (0 if unknown)
 * @param side     the aggressor side when the source knows it, else {@link TradeSide#UNKNOWN}
 *                 (the processor then classifies it from the book)
 */
public record Trade(
        String symbol, long ts, TradingSession session,
        long price, long volume, long totalVol, long totalVal, TradeSide side) implements MarketEvent {

    public Trade {
        if (side == null) {
            side = TradeSide.UNKNOWN;
        }
    }
}
