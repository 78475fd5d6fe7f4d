package dev.stackctl.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One read of the application's {@code /metrics} (Prometheus text) on its published loopback port:
 * the counters an outage report needs (the application's contract, backend/API.md). A value missing
 * from the answer reads as 0.
 */
record BackendMetrics(Instant at, Map<String, Double> values) {
    static final String TICKS_ACCEPTED = "tracker_store_rows_accepted_total{table=\"ticks\"}";
    static final String TICKS_WRITTEN = "tracker_store_rows_written_total{table=\"ticks\"}";
    static final String UNCOMMITTED = "tracker_store_rows_uncommitted";
    static final String QUEUE_DROPPED = "tracker_store_queue_dropped_total";
    static final String EVENTS_DROPPED = "tracker_events_dropped_total";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    double get(String name) {
        return values.getOrDefault(name, 0.0);
    }

    long count(String name) {
        return Math.round(get(name));
    }

    /** The metrics now (dated half-way through the request), or empty when the application does not answer (it is down or not published). */
    static Optional<BackendMetrics> read(StackTarget target) {
        String app = target.roles().app();
        Optional<Integer> port = target.service(app).ports().stream().findFirst()
                .flatMap(p -> target.hostPort(app, p.target()));
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return read(URI.create("http://127.0.0.1:" + port.get() + "/metrics"));
    }

    /** The metrics at {@code uri} (e.g. a replica's, at its container address), or empty when it does not answer. */
    static Optional<BackendMetrics> read(URI uri) {
        try {
            Instant sent = Instant.now();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            // the values were taken somewhere between sending and the answer: date them in the middle
            Instant at = sent.plus(Duration.between(sent, Instant.now()).dividedBy(2));
            return r.statusCode() == 200 ? Optional.of(parse(at, r.body())) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The sum of every series of {@code name} (all label sets). */
    double sum(String name) {
        return values.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Prometheus text: {@code name{labels} value}, comments skipped. */
    static BackendMetrics parse(Instant at, String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) continue;
            try {
                values.put(line.substring(0, sp).strip(), Double.parseDouble(line.substring(sp + 1).strip()));
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return new BackendMetrics(at, values);
    }
}
