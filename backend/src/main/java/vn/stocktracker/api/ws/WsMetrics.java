package vn.stocktracker.api.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The WebSocket counters in {@code /metrics} (API.md): what a load test of many clients reads to tell
 * whether clients kept up (sent), fell behind and were conflated (conflated updates, catch-ups),
 * stalled (dropped) or were turned away (refused).
 */
final class WsMetrics {
    final Counter sent;
    final Counter conflated;
    final Counter catchUps;
    final Counter heartbeatsSkipped;
    final Counter dropped;
    final Counter refused;
    final Timer broadcast;

    WsMetrics(MeterRegistry registry, ToLongFunction<Channel> clients) {
        sent = Counter.builder("tracker_ws_messages_sent").register(registry);
        conflated = Counter.builder("tracker_ws_updates_conflated")
                .description("updates not sent to a client that was behind; it got the rows' latest state in a catch-up").register(registry);
        catchUps = Counter.builder("tracker_ws_catchups")
                .description("catch-up updates: the latest state of the rows a client missed while behind").register(registry);
        heartbeatsSkipped = Counter.builder("tracker_ws_heartbeats_skipped")
                .description("heartbeats not sent because the client was behind with data").register(registry);
        dropped = Counter.builder("tracker_ws_dropped_clients").description("stalled clients disconnected").register(registry);
        refused = Counter.builder("tracker_ws_refused").description("connections refused at WS_MAX_CLIENTS").register(registry);
        broadcast = Timer.builder("tracker_ws_broadcast")
                .description("time to serialise and hand one update to every client").publishPercentiles(0.5, 0.99).register(registry);
        for (Channel c : Channel.values()) {
            registry.gauge("tracker_ws_clients", List.of(Tag.of("channel", c.wire())), c, clients::applyAsLong);
        }
    }
}
