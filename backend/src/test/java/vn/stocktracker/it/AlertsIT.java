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
import vn.stocktracker.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts with a real TimescaleDB and Redis, the simulator steered to fire every kind
 * ({@code SIM_SCENARIO=signals}): pushed on /ws/alerts within a second of the event that fired them,
 * stored and served by GET /api/alerts with its filters, and still there after the backend restarts
 * (read back from the database into the next process's /ws/alerts snapshot).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> KINDS = Set.of("volume_spike", "price_breakout", "foreign_acceleration", "basis_flip");
    private static Services services;
    private static Map<String, String> env;
    private static App app;
    private static String base;

    @BeforeAll
    static void start() {
        services = new Services();
        env = services.env();
        env.put("SIM_RATE", "400");
        env.put("SIM_SCENARIO", "signals");
        env.put("ALERT_FOREIGN_WINDOW_SECONDS", "10");
        startApp();
    }

    private static void startApp() {
        app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        base = "http://127.0.0.1:" + app.port();
        Await.until(Duration.ofSeconds(30), "health ok", () -> get("/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (services != null) {
            services.close();
        }
    }

    static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The minute starts of a {@code [[ts, value], ...]} series in a reply. */
    private static List<Long> minutes(JsonNode reply, String pointer) {
        List<Long> out = new ArrayList<>();
        reply.at(pointer).forEach(p -> out.add(p.get(0).asLong()));
        return out;
    }

    private static List<Long> finished(List<Long> minutes) {
        return minutes.subList(0, Math.max(0, minutes.size() - 1));
    }

    private static Set<String> kinds(JsonNode alerts) {
        Set<String> k = new HashSet<>();
        alerts.forEach(a -> k.add(a.get("kind").asText()));
        return k;
    }

    @Test
    @Order(1)
    void everyKindIsPushedOnWsAlertsWithinASecondOfItsEvent() throws Exception {
        try (WsClient ws = new WsClient(HTTP, base.replace("http", "ws") + "/ws/alerts")) {
            JsonNode snap = ws.next(Duration.ofSeconds(10));
            assertThat(snap.get("type").asText()).isEqualTo("snapshot");
            assertThat(snap.get("channel").asText()).isEqualTo("alerts");
            assertThat(snap.at("/data/alerts").isArray()).isTrue();
            Set<String> seen = new HashSet<>();
            List<Long> latencies = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!seen.containsAll(KINDS) && System.nanoTime() < deadline) {
                WsClient.Received r = ws.nextTimed(m -> m.get("type").asText().equals("update"), Duration.ofSeconds(40));
                for (JsonNode a : r.json().at("/data/alerts")) {
                    seen.add(a.get("kind").asText());
                    latencies.add(r.atMs() - a.get("ts").asLong());
                    assertThat(a.get("id").asText()).isNotBlank();
                    assertThat(a.get("message").asText()).startsWith(a.get("symbol").asText());
                }
            }
            assertThat(seen).containsAll(KINDS);
            // the event's exchange time is the simulator's wall clock: arrival minus it is the delay
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isBetween(0L, 1_000L));
        }
    }

    @Test
    @Order(2)
    void storedAlertsAreServedWithFilters() throws Exception {
        Await.until(Duration.ofSeconds(30), "all kinds stored", () -> {
            try {
                return kinds(json("/api/alerts").get("alerts")).containsAll(KINDS);
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode all = json("/api/alerts");
        assertThat(all.get("source").asText()).isEqualTo("database");
        JsonNode list = all.get("alerts");
        for (int i = 1; i < list.size(); i++) {
            assertThat(list.get(i - 1).get("ts").asLong()).isGreaterThanOrEqualTo(list.get(i).get("ts").asLong());
        }
        assertThat(kinds(json("/api/alerts?kind=volume_spike").get("alerts"))).containsExactly("volume_spike");
        assertThat(kinds(json("/api/alerts?kind=price_breakout,basis_flip").get("alerts")))
                .containsExactlyInAnyOrder("price_breakout", "basis_flip");
        JsonNode vnm = json("/api/alerts?symbol=vnm&severity=critical").get("alerts");
        assertThat(vnm).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("symbol").asText()).isEqualTo("VNM");
            assertThat(a.get("severity").asText()).isEqualTo("critical");
            assertThat(a.at("/data/band").asText()).isEqualTo("ceiling");
        });
        assertThat(json("/api/alerts?limit=1").get("alerts")).hasSize(1);
        long newest = list.get(0).get("ts").asLong();
        // up to the end of the first read: alerts keep firing (one that fired since would be listed)
        assertThat(json("/api/alerts?from=" + (newest + 1) + "&to=" + all.get("to").asLong()).get("alerts")).isEmpty();
    }

    @Test
    @Order(3)
    void badParametersAreProblems() throws Exception {
        for (String[] c : new String[][] {
                {"kind=spike", "kind", "kind: 'spike' is not an alert kind; use one or more of volume_spike, price_breakout, foreign_acceleration, basis_flip"},
                {"severity=urgent", "severity", "severity: 'urgent' is not a severity; use one or more of info, warning, critical"},
                {"symbol=XYZ", "symbol", "symbol: 'XYZ' is not a tracked stock or futures contract; see GET /api/symbols"},
                {"from=yesterday", "from", null},
                {"limit=0", "limit", "limit: '0' is not a whole number from 1 to 5000"}}) {
            HttpResponse<String> r = get("/api/alerts?" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.get("parameter").asText()).isEqualTo(c[1]);
            if (c[2] != null) {
                assertThat(p.get("detail").asText()).isEqualTo(c[2]);
            }
        }
    }

    @Test
    @Order(4)
    void alertsSurviveARestart() throws Exception {
        Set<String> before = new HashSet<>();
        json("/api/alerts").get("alerts").forEach(a -> before.add(a.get("id").asText()));
        assertThat(before).isNotEmpty();
        // the day's series so far (their last minute may still change; the ones before it are final)
        Await.until(Duration.ofSeconds(180), "two finished minutes of series", () -> {
            try {
                return minutes(json("/api/market/snapshot"), "/indices/0/series").size() >= 3
                        && minutes(json("/api/market/derivatives"), "/derivatives/basisSeries").size() >= 3;
            } catch (Exception e) {
                return false;
            }
        });
        List<Long> vn30Before = finished(minutes(json("/api/market/snapshot"), "/indices/0/series"));
        List<Long> basisBefore = finished(minutes(json("/api/market/derivatives"), "/derivatives/basisSeries"));
        List<Long> flowBefore = finished(minutes(json("/api/market/foreign"), "/flow"));
        app.stop();
        env.put("SIM_SCENARIO", "none"); // the next process fires nothing of its own at first
        startApp();
        Await.until(Duration.ofSeconds(30), "alerts read back", app::dayRecovered);
        Set<String> after = new HashSet<>();
        json("/api/alerts").get("alerts").forEach(a -> after.add(a.get("id").asText()));
        assertThat(after).containsAll(before);
        // the series start with the minutes before the restart again, not at the restart (once the
        // processor has applied what was read back and published its next snapshot)
        Await.until(Duration.ofSeconds(10), "the day's series read back", () -> {
            try {
                return minutes(json("/api/market/snapshot"), "/indices/0/series").containsAll(vn30Before)
                        && minutes(json("/api/market/derivatives"), "/derivatives/basisSeries").containsAll(basisBefore)
                        && minutes(json("/api/market/foreign"), "/flow").containsAll(flowBefore);
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(minutes(json("/api/market/snapshot"), "/indices/0/series")).as("VN30 series after the restart").containsAll(vn30Before);
        Await.until(Duration.ofSeconds(10), "restored alerts in the snapshot", () -> {
            try (WsClient ws = new WsClient(HTTP, base.replace("http", "ws") + "/ws/alerts")) {
                Set<String> snap = new HashSet<>();
                ws.next(Duration.ofSeconds(10)).at("/data/alerts").forEach(a -> snap.add(a.get("id").asText()));
                return snap.containsAll(before);
            } catch (Exception e) {
                return false;
            }
        });
    }
}
