package vn.stocktracker.source;

/**
 * A producer of normalised market events ({@link vn.stocktracker.market.MarketEvent}).
 *
 * <p>Contract for every implementation ({@code simulated}, {@code ssi}, {@code replay}):
 * <ul>
 *   <li>{@link #start(MarketEventSink)} returns quickly (well under a second): logins, negotiation and
 *       reconnects happen on the source's own thread(s). The backend reports itself healthy without
 *       waiting for the source, and shows {@link #status()} separately.</li>
 *   <li>Failures are reported through {@link #status()}, never thrown from a background thread.
 *       Transient failures retry with backoff by themselves ({@link SourceState#RECONNECTING}).</li>
 *   <li>{@link #stop()} is idempotent, stops all threads and returns within 2 seconds; no event is
 *       delivered after it returns.</li>
 *   <li>{@link #status()} is cheap and thread-safe (called by every {@code /health} request).</li>
 * </ul>
 */
public interface MarketDataSource {

    /** The configuration name: {@code simulated}, {@code ssi}, {@code replay}. */
    String name();

    /** Starts producing events into {@code sink}. Called once. */
    void start(MarketEventSink sink);

    /** Stops producing events; idempotent; bounded in time. */
    void stop();

    /** The current state, for health and metrics. */
    SourceStatus status();
}
