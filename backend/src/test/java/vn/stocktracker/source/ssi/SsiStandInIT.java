package vn.stocktracker.source.ssi;

import vn.stocktracker.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.it.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Done when" of issue 6: the whole backend ({@link App#start}, real TimescaleDB and Redis) configured
 * with {@code MARKET_SOURCE=ssi} and the stand-in's URLs shows live prices in {@code /api/market/snapshot}
 * and on {@code /ws/market}; injected faults are survived (health shows them, the API keeps serving, the
 * stream recovers when the fault ends).
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsiStandInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Services services;
    private static SsiStandIn standIn;
    private static App app;
    private static String base;

    @BeforeAll
    static void start() {
        services = new Services();
        // 3 s keep-alive timeout: a dropped connection left half-open on the client is found quickly
        standIn = SsiStandIn.start(Clock.systemUTC(), 6, Duration.ofMillis(25)).keepAliveTimeout(Duration.ofSeconds(3));
        Map<String, String> env = new HashMap<>(services.env());
        env.putAll(standIn.env());
        env.put("MARKET_SOURCE", "ssi");
        app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        base = "http://127.0.0.1:" + app.port();
        Await.until(WAIT, () -> "health ok, " + json("/health"), () -> "ok".equals(json("/health").get("status").asText()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (standIn != null) {
            standIn.close();
        }
        if (services != null) {
            services.close();
        }
    }

    private static JsonNode json(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // /health answers 503 with its body while the database check is pending
            if (!path.equals("/health")) {
                assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
            }
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static String streamState() {
        return json("/health").at("/stream/state").asText();
    }

    private static void awaitStreaming() {
        Await.until(WAIT, () -> "stream streaming, health " + json("/health").get("stream"), () -> "streaming".equals(streamState()));
    }

    @Test
    @Order(1)
    void snapshotShowsLivePricesFromTheFeed() {
        awaitStreaming();
        Await.until(WAIT, "all 30 stocks priced", () -> {
            JsonNode s = json("/api/market/snapshot");
            int priced = 0;
            for (JsonNode st : s.get("stocks")) {
                priced += st.get("last").asLong() > 0 ? 1 : 0;
            }
            return priced == 30 && !s.get("futures").isNull();
        });
        JsonNode s = json("/api/market/snapshot?symbols=FPT");
        JsonNode fpt = s.get("stocks").get(0);
        assertThat(fpt.get("ref").asLong()).isEqualTo(118_000);
        assertThat(fpt.get("ceiling").asLong()).isEqualTo(126_200);
        assertThat(fpt.get("bids")).hasSize(3);
        assertThat(s.get("indices").get(0).get("symbol").asText()).isEqualTo("VN30");
        assertThat(s.get("indices").get(0).get("value").asDouble()).isBetween(1700.0, 2100.0);
        assertThat(s.get("futures").get("last").asDouble()).isBetween(1700.0, 2100.0);
        assertThat(json("/health").at("/stream/source").asText()).isEqualTo("ssi");

        long before = json("/health").at("/stream/eventsIn").asLong();
        Await.until(WAIT, "more events", () -> json("/health").at("/stream/eventsIn").asLong() > before + 100);
        // trades from the feed reach the database
        Await.until(WAIT, "stored ticks", () -> json("/api/history/FPT/ticks?limit=5").get("ticks").size() > 0);
    }

    @Test
    @Order(2)
    void theMarketWebSocketDeliversASnapshotThenLiveUpdates() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/ws/market"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            JsonNode first = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
            assertThat(first.get("type").asText()).isEqualTo("snapshot");
            assertThat(first.at("/data/stocks")).hasSize(30);
            int updatesWithPrices = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (updatesWithPrices < 3 && System.nanoTime() < deadline) {
                String m = messages.poll(1, TimeUnit.SECONDS);
                if (m == null) {
                    continue;
                }
                JsonNode n = JSON.readTree(m);
                // updates carry deltas (API.md): "last" is there when the price moved
                if ("update".equals(n.get("type").asText()) && n.at("/data/stocks").size() > 0
                        && n.at("/data/stocks").get(0).path("last").asLong() > 0) {
                    updatesWithPrices++;
                }
            }
            assertThat(updatesWithPrices).as("live updates with prices on /ws/market").isEqualTo(3);
        } finally {
            ws.abort();
        }
    }

    @Test
    @Order(3)
    void droppedConnectionsAndMalformedFramesAreSurvived() {
        awaitStreaming();
        int connections = standIn.connections();
        standIn.malformedEvery(5);
        standIn.dropConnections();
        Await.until(WAIT, "a reconnect", () -> standIn.connections() > connections);
        awaitStreaming();
        Await.until(WAIT, () -> "malformed frames in health, " + json("/health").get("stream"),
                () -> json("/health").at("/stream/detail").asText().contains("malformed frames skipped"));
        standIn.malformedEvery(0);
        long before = json("/health").at("/stream/eventsIn").asLong();
        Await.until(WAIT, "events after the faults", () -> json("/health").at("/stream/eventsIn").asLong() > before + 100);
        assertThat(json("/health").get("status").asText()).isEqualTo("ok");
    }

    @Test
    @Order(4)
    void rejectedCredentialsShowAuthFailedAndRecover() {
        awaitStreaming();
        standIn.rejectCredentials(true);
        standIn.dropConnections();
        Await.until(WAIT, () -> "auth failed in health, " + json("/health").get("stream"),
                () -> "failed".equals(streamState()));
        JsonNode h = json("/health");
        assertThat(h.at("/stream/detail").asText()).startsWith("auth failed: ").doesNotContain(SsiStandIn.CONSUMER_SECRET);
        // the service keeps serving the last known market
        assertThat(json("/api/market/snapshot").get("stocks")).hasSize(30);

        standIn.rejectCredentials(false);
        awaitStreaming();
    }

    @Test
    @Order(5)
    void theRecordedSessionReplaysIntoASecondBackend() throws Exception {
        java.nio.file.Path session = java.nio.file.Path.of("src/test/resources/replay/standin-session.ssi").toAbsolutePath();
        Map<String, String> env = new HashMap<>(services.env());
        env.put("MARKET_SOURCE", "replay");
        env.put("REPLAY_FILE", session.toString());
        env.put("REPLAY_SPEED", "max");
        try (App replay = App.start(ConfigLoader.load(env), env, Clock.systemUTC())) {
            String replayBase = "http://127.0.0.1:" + replay.port();
            Await.until(WAIT, "the replay finished and priced the board", () -> {
                JsonNode h = get(replayBase + "/health");
                JsonNode snap = get(replayBase + "/api/market/snapshot");
                int priced = 0;
                for (JsonNode st : snap.get("stocks")) {
                    priced += st.get("last").asLong() > 0 ? 1 : 0;
                }
                return "stopped".equals(h.at("/stream/state").asText()) && priced == 30;
            });
            JsonNode h = get(replayBase + "/health");
            assertThat(h.at("/stream/source").asText()).isEqualTo("replay");
            assertThat(h.at("/stream/detail").asText()).startsWith("replay finished: ").contains("malformed frames skipped");
            assertThat(h.at("/stream/eventsIn").asLong()).isGreaterThan(200);
        }
    }

    private static JsonNode get(String url) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }
}
