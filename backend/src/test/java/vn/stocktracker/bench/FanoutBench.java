package vn.stocktracker.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * WebSocket fan-out: the backend (separate process, Dockerfile JVM flags, simulator at a fixed rate)
 * with N clients on loopback subscribed to everything on /ws/market. Latency is measured from each
 * symbol's latest event ({@code ts} of the StockView, stamped when the simulator emitted it) to the
 * moment a client holds the complete message, so it includes coalescing (up to 50 ms), serialisation
 * and delivery. The clients are {@link RawWsClients} (one NIO thread; every 20th client scans its payload
 * for timestamps, the others count messages), to keep the client side light on a 2-core machine.
 * Baseline in the same run: the same measure with 1 client.
 *
 * <p>Usage: {@code FanoutBench jar jdbcUrl user redisUrl [clients] [rate] [seconds]}; password from
 * the environment variable DATABASE_PASSWORD.
 */
public final class FanoutBench {

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 5000;
        int seconds = args.length > 6 ? Integer.parseInt(args[6]) : 20;
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", args[1], "DATABASE_USER", args[2],
                "DATABASE_PASSWORD", System.getenv().getOrDefault("DATABASE_PASSWORD", ""), "REDIS_URL", args[3],
                "SESSION_CLOCK", "open", "SIM_RATE", Integer.toString(rate)));
        Result base = run(jar, env, 1, seconds);
        Result full = run(jar, env, clients, seconds);
        System.out.printf("| fan-out, %d WebSocket clients, simulator %d events/s, %d s | p50 %.0f ms, p99 %.0f ms, max RSS %.0f MiB, %d messages, %d dropped clients | 1 client: p50 %.0f ms, p99 %.0f ms, RSS %.0f MiB | p99 ratio %.2f | %s |%n",
                clients, rate, seconds, full.p50, full.p99, full.rss, full.messages, full.dropped,
                base.p50, base.p99, base.rss, full.p99 / Math.max(1, base.p99), Stats.env());
    }

    record Result(double p50, double p99, double rss, long messages, long dropped) {
    }

    static Result run(String jar, Map<String, String> env, int clients, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (Backend b = new Backend(jar, Backend.CONTAINER_FLAGS, env)) {
            b.awaitHealthy(http, Duration.ofSeconds(60));
            try (RawWsClients ws = new RawWsClients(b.port, "/ws/market", clients, 20)) {
                Thread.sleep(3_000); // warm-up
                ws.measuring = true;
                double rss = 0;
                for (int s = 0; s < seconds; s++) {
                    Thread.sleep(1_000);
                    rss = Math.max(rss, b.rssMiB());
                }
                ws.measuring = false;
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                metrics.lines().filter(l -> l.startsWith("tracker_ws_broadcast_seconds{") || l.startsWith("tracker_events_dropped_total")
                                || l.startsWith("tracker_ws_updates_conflated_total") || l.startsWith("tracker_ws_catchups_total"))
                        .forEach(l -> System.err.println("  server: " + l));
                long dropped = (long) Double.parseDouble(metrics.lines().filter(l -> l.startsWith("tracker_ws_dropped_clients_total "))
                        .findFirst().orElseThrow().split(" ")[1]);
                int count = Math.min(ws.sampleCount.get(), ws.samples.length);
                double[] lat = new double[count];
                for (int i = 0; i < count; i++) {
                    lat[i] = ws.samples[i];
                }
                return new Result(Stats.percentile(lat, 50), Stats.percentile(lat, 99), rss, ws.messages.get(), dropped);
            }
        }
    }

}
