package vn.stocktracker.source;

/** The life-cycle state of a {@link MarketDataSource}, shown as {@code stream.state} in {@code /health}. */
public enum SourceState {
    /** Created, not started yet. */
    NEW,
    /** Starting: logging in, negotiating, loading reference data. */
    CONNECTING,
    /** Delivering events. */
    STREAMING,
    /** Connected, but the market is closed so no events flow (not an error). */
    IDLE,
    /** Lost the connection; retrying with backoff by itself. */
    RECONNECTING,
    /** Gave up (e.g. credentials rejected, replay file missing); needs operator action. */
    FAILED,
    /** Stopped by {@link MarketDataSource#stop()}, or a replay reached its end. */
    STOPPED;

    /** The wire name used in JSON ({@code streaming}, {@code reconnecting}...). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
