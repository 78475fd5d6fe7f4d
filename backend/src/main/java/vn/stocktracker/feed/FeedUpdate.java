package vn.stocktracker.feed;

import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;

/** What a {@link MarketFeed} tells its listeners. */
public sealed interface FeedUpdate {

    /** The sequence number of the state after this update. */
    long seq();

    /** Rows that changed (latest state per row, coalesced), applying to the state before them. */
    record Changes(MarketChanges changes, long seq) implements FeedUpdate {
    }

    /**
     * The state starts again from {@code snapshot}: what came before does not lead to it by changes
     * (a replica resynchronised after Redis was away, a new collector took over). Clients are sent a
     * fresh snapshot.
     */
    record Reset(MarketSnapshot snapshot, long seq) implements FeedUpdate {
    }
}
