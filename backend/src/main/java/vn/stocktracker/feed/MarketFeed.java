package vn.stocktracker.feed;

import vn.stocktracker.source.SourceStatus;

import java.util.function.Consumer;

/**
 * Where the live market comes from for everything that serves it (REST snapshots, the WebSocket
 * fan-out, the Redis publisher). This is the seam between collecting and serving:
 * <ul>
 *   <li>roles {@code all} and {@code collector}: the local processor ({@link vn.stocktracker.Pipeline});</li>
 *   <li>role {@code api}: the Redis streams the collector publishes ({@link vn.stocktracker.stream.StreamFollower}),
 *       so an API replica serves exactly what it would serve with its own processor.</li>
 * </ul>
 * Implementations are thread-safe; listeners run on the feed's own thread and must not block.
 */
public interface MarketFeed {

    /** The latest state with the sequence number of the last change it includes. */
    LiveState current();

    /** Adds a listener for what changes from now on. */
    void subscribe(Consumer<FeedUpdate> listener);

    /**
     * The state of the market data behind this feed, as clients see it in {@code feed} (API.md): the
     * source's status, or, on an API replica, the collector's as far as the replica can tell.
     */
    SourceStatus status();
}
