package vn.stocktracker.source;

/**
 * A point-in-time view of a source for {@code /health} and {@code /metrics}.
 *
 * @param state       life-cycle state
 * @param detail      one human-readable line (last error, "market closed"...), may be empty
 * @param eventsOut   events delivered to the sink since start
 * @param lastEventMs wall-clock epoch ms of the last delivered event, 0 if none
 */
public record SourceStatus(SourceState state, String detail, long eventsOut, long lastEventMs) {
    public SourceStatus {
        detail = detail == null ? "" : detail;
    }
}
