package vn.stocktracker.market;

/**
 * A normalised market-data event: what every {@link vn.stocktracker.source.MarketDataSource}
 * produces, whatever its wire format.
 *
 * <p>Units, for every implementation:
 * <ul>
 *   <li>stock prices are VND as {@code long} integers (22,950 VND is {@code 22950}, never {@code 22.95});</li>
 *   <li>futures prices (VN30F contracts) are <b>hundredths of an index point</b> as {@code long}
 *       (1,325.4 points is {@code 132540}); see {@link Instrument#priceScale()};</li>
 *   <li>volumes are shares (or contracts for futures) as {@code long};</li>
 *   <li>values (turnover) are VND as {@code long};</li>
 *   <li>index values are points as {@code double};</li>
 *   <li>{@link #ts()} is the exchange time of the event in epoch milliseconds (UTC). SSI sends
 *       Vietnam local time without a zone: convert with {@code Asia/Ho_Chi_Minh}.</li>
 * </ul>
 * Symbols are upper case exchange codes ({@code FPT}, {@code VN30}, {@code VNINDEX}, {@code VN30F2512}).
 */
public sealed interface MarketEvent
        permits Quote, Trade, ForeignRoom, IndexUpdate, Bar {

    /** Instrument or index code, upper case. */
    String symbol();

    /** Exchange time, epoch milliseconds UTC. */
    long ts();
}
