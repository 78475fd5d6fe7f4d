package vn.stocktracker.feed;

import vn.stocktracker.market.MarketSnapshot;

/**
 * The market at one moment and the sequence number of the last change it includes. Sequence numbers
 * come from whoever processes the market (the collector in the scaled topology), so every API
 * replica labels the same state with the same number.
 */
public record LiveState(MarketSnapshot snapshot, long seq) {

    public static final LiveState EMPTY = new LiveState(MarketSnapshot.EMPTY, 0);
}
