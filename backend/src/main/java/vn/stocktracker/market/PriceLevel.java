package vn.stocktracker.market;

/**
 * One level of an order book side.
 *
 * @param price  VND; 0 when the level is empty (or holds an ATO/ATC market order)
 * @param volume shares (contracts for futures)
 */
public record PriceLevel(long price, long volume) {
    public static final PriceLevel EMPTY = new PriceLevel(0, 0);
}
