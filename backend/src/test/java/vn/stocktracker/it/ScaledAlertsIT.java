package vn.stocktracker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts in the scaled topology (TimescaleDB and Redis in containers): one collector whose simulator is
 * steered to fire every kind ({@code SIM_SCENARIO=signals}) and one API replica, which has no processor of
 * its own. The alerts travel over Redis (the alerts stream) like the other channels: a client of the
 * replica's /ws/alerts gets every kind within a second of its event and exactly the alerts the collector
 * fired, none lost in between; a client that connects later finds the day's alerts in its snapshot; the
 * replica's GET /api/alerts reads the stored ones from the database (as its read-only role).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledAlertsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> KINDS = Set.of("volume_spike", "price_breakout", "foreign_acceleration", "basis_flip");
    private static Services services;
    private static App collector;
    private static App api;
    /** Alert ids the replica's socket delivered in the first test. */
    private static final Set<String> delivered = new HashSet<>();

    @BeforeAll
    static void start() {
        services = new Services();
        Map<String, String> env = services.env();
        env.put("BACKEND_ROLE", "collector");
        env.put("REPLICA_ID", "c1");
        env.put("SIM_RATE", "400");
        env.put("SIM_SCENARIO", "signals");
        env.put("ALERT_FOREIGN_WINDOW_SECONDS", "10");
        collector = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        Await.until(Duration.ofSeconds(30), "c1 active", () -> collector.collector().active());
        Map<String, String> apiEnv = services.env();
        apiEnv.put("BACKEND_ROLE", "api");
        apiEnv.put("REPLICA_ID", "a1");
        api = App.start(ConfigLoader.load(apiEnv), apiEnv, Clock.systemUTC());
        Await.until(Duration.ofSeconds(30), "a1 joined", () -> api.follower().joined() && api.feed().current().seq() > 0);
    }

    @AfterAll
    static void stop() {
        for (App a : new App[] {api, collector}) {
            if (a != null) {
                a.stop();
            }
        }
        if (services != null) {
            services.close();
        }
    }

    private static HttpResponse<String> get(App app, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(App app, String path) throws Exception {
        HttpResponse<String> r = get(app, path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The collector's alerts of the day by id (its processor's list, newest first). */
    private static Map<String, Alert> collectorAlerts() {
        Map<String, Alert> out = new LinkedHashMap<>();
        collector.pipeline().current().snapshot().alerts().forEach(a -> out.put(a.id(), a));
        return out;
    }

    private static Set<String> ids(JsonNode alerts) {
        Set<String> s = new HashSet<>();
        alerts.forEach(a -> s.add(a.get("id").asText()));
        return s;
    }

    @Test
    @Order(1)
    void everyKindReachesTheReplicasSocketWithinASecondAndNoneIsLost() throws Exception {
        try (WsClient ws = new WsClient(HTTP, "ws://127.0.0.1:" + api.port() + "/ws/alerts")) {
            JsonNode snap = ws.next(Duration.ofSeconds(10));
            assertThat(snap.get("type").asText()).isEqualTo("snapshot");
            assertThat(snap.get("channel").asText()).isEqualTo("alerts");
            Set<String> seen = new HashSet<>();
            List<Long> latencies = new ArrayList<>();
            List<JsonNode> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!seen.containsAll(KINDS) && System.nanoTime() < deadline) {
                WsClient.Received r = ws.nextTimed(m -> m.get("type").asText().equals("update"), Duration.ofSeconds(40));
                for (JsonNode a : r.json().at("/data/alerts")) {
                    seen.add(a.get("kind").asText());
                    latencies.add(r.atMs() - a.get("ts").asLong());
                    received.add(a);
                }
            }
            assertThat(seen).as("kinds pushed by the replica").containsAll(KINDS);
            // collector's processor -> Redis -> the replica's follower -> its socket, within a second
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isBetween(0L, 1_000L));
            Map<String, Alert> fired = collectorAlerts();
            for (JsonNode a : received) {
                Alert c = fired.get(a.get("id").asText());
                assertThat(c).as("alert %s pushed by the replica was fired by the collector", a.get("id").asText()).isNotNull();
                assertThat(a.get("message").asText()).isEqualTo(c.message());
                assertThat(a.get("severity").asText()).isEqualTo(c.severity());
                assertThat(a.get("data").toString()).isEqualTo(JSON.writeValueAsString(c.data()));
                delivered.add(a.get("id").asText());
            }
            // everything the collector fired between the first and the last alert received came through (what
            // was on its way when all kinds had been seen is read for another 1.5 s)
            Set<String> onSocket = new HashSet<>(delivered);
            onSocket.addAll(ids(snap.at("/data/alerts")));
            long drainUntil = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            for (WsClient.Received r; (r = ws.timed.poll(Math.max(0, drainUntil - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                onSocket.addAll(ids(r.json().at("/data/alerts")));
            }
            long first = received.stream().mapToLong(a -> a.get("ts").asLong()).min().orElseThrow();
            long last = received.stream().mapToLong(a -> a.get("ts").asLong()).max().orElseThrow();
            Set<String> between = fired.values().stream().filter(a -> a.ts() >= first && a.ts() <= last).map(Alert::id)
                    .collect(Collectors.toSet());
            assertThat(between).as("alerts the collector fired from the first to the last received").isNotEmpty();
            assertThat(onSocket).as("the collector's alerts from %d to %d on the replica's socket", first, last).containsAll(between);
        }
    }

    @Test
    @Order(2)
    void aLateClientOfTheReplicaGetsTheDaysAlertsInItsSnapshot() {
        Set<String> firedBefore = collectorAlerts().keySet();
        assertThat(firedBefore).containsAll(delivered);
        // the replica may be a Redis hop behind the collector's list: connect again until it holds them
        Await.until(Duration.ofSeconds(5), "the replica's snapshot holds the collector's alerts", () -> {
            try (WsClient ws = new WsClient(HTTP, "ws://127.0.0.1:" + api.port() + "/ws/alerts")) {
                JsonNode snap = ws.next(Duration.ofSeconds(10));
                return snap.get("type").asText().equals("snapshot") && ids(snap.at("/data/alerts")).containsAll(firedBefore);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(3)
    void theReplicaServesTheStoredAlertsFromTheDatabase() throws Exception {
        Await.until(Duration.ofSeconds(30), "the delivered alerts stored and served by the replica", () -> {
            try {
                return ids(json(api, "/api/alerts").get("alerts")).containsAll(delivered);
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode all = json(api, "/api/alerts");
        assertThat(all.get("source").asText()).isEqualTo("database");
        // each stored alert the collector still holds in its day's list (the newest 500) is the same alert
        Map<String, Alert> fired = collectorAlerts();
        int compared = 0;
        for (JsonNode a : all.get("alerts")) {
            Alert c = fired.get(a.get("id").asText());
            if (c != null) {
                assertThat(a.get("message").asText()).isEqualTo(c.message());
                assertThat(a.get("ts").asLong()).isEqualTo(c.ts());
                compared++;
            }
        }
        assertThat(compared).as("stored alerts compared with the collector's").isPositive();
        JsonNode flips = json(api, "/api/alerts?kind=basis_flip").get("alerts");
        assertThat(flips).isNotEmpty().allSatisfy(a -> assertThat(a.get("kind").asText()).isEqualTo("basis_flip"));
        HttpResponse<String> bad = get(api, "/api/alerts?severity=urgent");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("parameter").asText()).isEqualTo("severity");
    }
}
