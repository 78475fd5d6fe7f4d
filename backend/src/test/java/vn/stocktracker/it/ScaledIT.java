package vn.stocktracker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vn.stocktracker.App;
import vn.stocktracker.api.Json;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The split for real (TimescaleDB and Redis in containers): one collector, a standby collector and two
 * API replicas. Both replicas' boards equal the collector's at the same seq (the feed and a WebSocket
 * client's board built from snapshot + deltas); a replica cannot write the database; a replica killed
 * and started again joins again; the collector stopped, the standby takes over and seq goes on; Redis
 * stopped, the replicas say so in /health and in the feed state, the collector keeps writing rows and
 * counts what it could not publish, and with Redis back everyone is equal again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledIT {
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Services services;
    private static App collector;
    private static App standby;
    private static App api1;
    private static App api2;
    /** Per collector seq: its board (stocks, foreign, indices, futures) as JSON. */
    private static final Map<Long, String> collectorAt = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        services = new Services();
        collector = collector("c1");
        Await.until(Duration.ofSeconds(30), "c1 active", () -> collector.collector().active());
        standby = collector("c2");
        api1 = api("a1");
        api2 = api("a2");
    }

    private static App collector(String id) {
        Map<String, String> env = services.env();
        env.put("BACKEND_ROLE", "collector");
        env.put("REPLICA_ID", id);
        env.put("SIM_RATE", "400");
        env.put("COLLECTOR_LEASE_MS", "1500");
        App app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        app.pipeline().subscribe(u -> {
            LiveState s = app.pipeline().current();
            if (s.seq() == u.seq()) {
                collectorAt.put(s.seq(), board(s.snapshot()));
                collectorAt.remove(s.seq() - 1_000);
            }
        });
        return app;
    }

    private static App api(String id) {
        Map<String, String> env = services.env();
        env.put("BACKEND_ROLE", "api");
        env.put("REPLICA_ID", id);
        return App.start(ConfigLoader.load(env), env, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        for (App a : new App[] {api1, api2, standby, collector}) {
            if (a != null) {
                a.stop();
            }
        }
        if (services != null) {
            services.close();
        }
    }

    static String board(MarketSnapshot s) {
        try {
            // index series apart: a replica's come with the collector's next snapshot (LiveSnapshots)
            return JSON.writeValueAsString(List.of(s.stocks(), s.foreign(),
                    s.indices().stream().map(vn.stocktracker.market.IndexView::withoutSeries).toList(), String.valueOf(s.futures())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The replica's board equals the collector's at the replica's seq, several times over a second. */
    private static void equalsCollector(App api) {
        Await.until(Duration.ofSeconds(30), () -> api.config().scale().replicaId() + " joined and past seq 0, at "
                + api.feed().current().seq(), () -> api.follower().joined() && api.feed().current().seq() > 0
                && collectorAt.containsKey(api.feed().current().seq()));
        for (int i = 0; i < 5; i++) {
            LiveState s = api.feed().current();
            String expected = collectorAt.get(s.seq());
            if (expected != null) { // a seq before this test's listener started has no entry
                assertThat(board(s.snapshot())).as("%s at seq %d", api.config().scale().replicaId(), s.seq()).isEqualTo(expected);
            }
            sleep(200);
        }
    }

    private static JsonNode health(App app) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue(App.REPLICA_HEADER)).contains(app.config().scale().replicaId());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long ticks() {
        try (Connection c = services.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ticks")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void bothReplicasServeTheCollectorsBoard() throws Exception {
        equalsCollector(api1);
        equalsCollector(api2);
        Await.until(Duration.ofSeconds(20), "replicas healthy", () -> health(api1).path("status").asText().equals("ok")
                && health(api2).path("status").asText().equals("ok"));
        JsonNode h = health(api1);
        assertThat(h.path("role").asText()).isEqualTo("api");
        assertThat(h.path("streams").path("collector").asText()).isEqualTo("c1");
        assertThat(h.path("stream").path("state").asText()).isEqualTo("streaming");
        assertThat(health(standby).path("status").asText()).isEqualTo("standby");
        assertThat(health(collector).path("collector").path("lease").asText()).isEqualTo("active");
        // the Redis hop, timed by the replica from the entry id (Redis's clock at XADD) to its tail read
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api1.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double hops = sample(metrics, "tracker_stream_hop_seconds_count ");
        double p99 = sample(metrics, "tracker_stream_hop_seconds{quantile=\"0.99\"} ");
        assertThat(hops).as("tail reads timed").isPositive();
        assertThat(p99).as("hop p99 in seconds: the same host, a blocking XREAD").isGreaterThanOrEqualTo(0).isLessThan(1.0);
    }

    private static double sample(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix.strip() + "' in /metrics"));
    }

    /**
     * Every row an update brings, merged into what the client held, is the collector's row at the update's
     * seq; a snapshot in between (the replica loaded the collector's record again) replaces the rows. In
     * steady state there is none: a resync here means the replica took a record for a hole (the record
     * must never claim a publish the streams do not carry yet).
     */
    @Test
    @Order(2)
    void aWebSocketClientsBoardFromSnapshotAndDeltasEqualsTheCollectors() throws Exception {
        long resyncsBefore = health(api2).path("streams").path("resyncs").asLong();
        try (WsClient ws = new WsClient(HTTP, "ws://127.0.0.1:" + api2.port() + "/ws/market")) {
            Map<String, ObjectNode> rows = new LinkedHashMap<>();
            JsonNode snap = ws.next(n -> n.path("type").asText().equals("snapshot"), Duration.ofSeconds(10));
            takeSnapshot(snap, rows);
            long seq = snap.path("seq").asLong();
            Map<String, ObjectNode> atSnapshot = new LinkedHashMap<>(rows);
            long snapSeq = seq;
            int compared = 0;
            int snapshots = 0;
            java.util.List<String> seen = new java.util.ArrayList<>();
            for (int updates = 0; updates < 40; ) {
                JsonNode u = ws.next(Duration.ofSeconds(10));
                seen.add(u.toString().length() > 600 ? u.toString().substring(0, 600) : u.toString());
                String type = u.path("type").asText();
                if (type.equals("snapshot")) {
                    takeSnapshot(u, rows);
                    seq = u.path("seq").asLong();
                    snapshots++;
                    continue;
                }
                if (!type.equals("update")) {
                    continue;
                }
                updates++;
                assertThat(u.path("seq").asLong()).isGreaterThan(seq);
                seq = u.path("seq").asLong();
                java.util.Set<String> inUpdate = new java.util.HashSet<>();
                u.path("data").path("stocks").forEach(d -> {
                    inUpdate.add(d.path("symbol").asText());
                    ObjectNode row = rows.get(d.path("symbol").asText());
                    if (row == null) {
                        rows.put(d.path("symbol").asText(), (ObjectNode) d.deepCopy());
                    } else {
                        row.setAll((ObjectNode) d);
                    }
                });
                String expected = collectorAt.get(seq);
                if (expected != null) {
                    JsonNode stocks = JSON.readTree(expected).get(0);
                    for (JsonNode s : stocks) {
                        if (!inUpdate.contains(s.path("symbol").asText())) {
                            continue; // a row this client is behind on comes whole in a later catch-up
                        }
                        String sym = s.path("symbol").asText();
                        String c0 = collectorAt.get(snapSeq);
                        String c0row = c0 == null ? "?" : java.util.stream.StreamSupport.stream(JSON.readTree(c0).get(0).spliterator(), false)
                                .filter(x -> x.path("symbol").asText().equals(sym)).findFirst().map(JsonNode::toString).orElse("-");
                        assertThat(rows.get(sym).toString()).as("seq %d %s; snapshot seq %d row %s; collector at snapshot seq %s; messages: %s",
                                        seq, sym, snapSeq, atSnapshot.get(sym), c0row, String.join("\n", seen))
                                .isEqualTo(s.toString());
                    }
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(10);
            JsonNode h = health(api2).path("streams");
            assertThat(h.path("resyncs").asLong()).as("resyncs of a2 while following a steady collector (last: %s), "
                    + "snapshots seen by the client: %d", h.path("lastResync").asText(), snapshots).isEqualTo(resyncsBefore);
        }
    }

    private static void takeSnapshot(JsonNode snap, Map<String, ObjectNode> rows) {
        rows.clear();
        snap.path("data").path("stocks").forEach(r -> rows.put(r.path("symbol").asText(), (ObjectNode) r.deepCopy()));
    }

    @Test
    @Order(3)
    void aReplicaReadsTheDatabaseButCannotWriteIt() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api1.port()
                + "/api/history/FPT/ticks?limit=5")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try (Connection c = api1.database().dataSource().getConnection()) {
            assertThatThrownBy(() -> c.createStatement().execute("DELETE FROM ticks")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("tracker_reader");
            }
        }
    }

    @Test
    @Order(4)
    void aReplicaStoppedAndStartedAgainJoinsAgain() {
        api1.stop();
        equalsCollector(api2);
        api1 = api("a1");
        equalsCollector(api1);
    }

    @Test
    @Order(5)
    void theStandbyTakesOverAndSeqGoesOn() {
        long before = api1.feed().current().seq();
        long token = collector.collector().token();
        collector.stop();
        Await.until(Duration.ofSeconds(15), "c2 active", () -> standby.collector().active());
        assertThat(standby.collector().token()).isGreaterThan(token);
        App old = collector;
        collector = standby;
        standby = null;
        Await.until(Duration.ofSeconds(20), "replicas follow c2", () -> health(api1).path("streams").path("collector").asText().equals("c2")
                && health(api2).path("streams").path("collector").asText().equals("c2"));
        equalsCollector(api1);
        equalsCollector(api2);
        assertThat(api1.feed().current().seq()).isGreaterThan(before);
        assertThat(old.pipeline().current().seq()).isLessThan(collector.pipeline().current().seq());
        // Redis was up all along: everything c2 published reached the streams (it had been losing its first
        // publishes as 'bad stream record' when its first live record caught up with the queue before them)
        assertThat(collector.collector().publisher().unpublished()).as("c2's unpublished changes").isZero();
        assertThat(collector.collector().publisher().up()).isTrue();
    }

    @Test
    @Order(6)
    void redisAwayTheReplicasSaySoAndResynchroniseWhenItIsBack() {
        long ticksBefore = ticks();
        long resyncs = health(api1).path("streams").path("resyncs").asLong();
        services.stopRedis();
        try {
            Await.until(Duration.ofSeconds(15), "replicas say redis is down", () -> {
                JsonNode h = health(api1);
                return h.path("redis").path("status").asText().equals("down")
                        && h.path("stream").path("state").asText().equals("reconnecting");
            });
            assertThat(api2.feed().status().state().wireName()).isEqualTo("reconnecting");
            assertThat(api2.feed().status().detail()).contains("redis unreachable");
            Await.until(Duration.ofSeconds(20), "the collector counts unpublished changes and keeps writing",
                    () -> collector.collector().publisher().unpublished() > 0 && ticks() > ticksBefore + 100);
        } finally {
            services.startRedis();
        }
        Await.until(Duration.ofSeconds(30), "replicas joined again", () -> health(api1).path("streams").path("resyncs").asLong() > resyncs
                && api1.follower().joined() && api2.follower().joined());
        equalsCollector(api1);
        equalsCollector(api2);
        assertThat(health(collector).path("collector").path("unpublished").asLong()).isPositive();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
