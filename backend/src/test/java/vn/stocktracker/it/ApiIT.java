package vn.stocktracker.it;

import vn.stocktracker.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.App;
import vn.stocktracker.cache.SnapshotCache;
import vn.stocktracker.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint of API.md against a running backend with a real TimescaleDB and Redis. */
class ApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Services services;
    private static App app;
    private static String base;

    @BeforeAll
    static void start() {
        services = new Services();
        Map<String, String> env = services.env();
        env.put("SIM_RATE", "3000");
        env.put("CORS_ORIGINS", "http://allowed.example");
        app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        base = "http://127.0.0.1:" + app.port();
        Await.until(Duration.ofSeconds(30), "health ok", () -> get("/health").statusCode() == 200);
        Await.until(Duration.ofSeconds(30), "stored ticks", () -> app.writer().writtenRows() > 500);
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

    static HttpResponse<String> get(String path, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                b.headers(headers);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void healthReportsEveryPart() throws Exception {
        JsonNode h = json("/health");
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.at("/database/status").asText()).isEqualTo("up");
        assertThat(h.at("/database/timescale").asText()).isEqualTo("apache");
        assertThat(h.at("/redis/status").asText()).isEqualTo("up");
        assertThat(h.at("/stream/state").asText()).isEqualTo("streaming");
        assertThat(h.at("/stream/source").asText()).isEqualTo("simulated");
        assertThat(h.get("uptimeSeconds").isIntegralNumber()).isTrue();
    }

    @Test
    void symbolsListTheUniverse() throws Exception {
        JsonNode s = json("/api/symbols");
        assertThat(s.get("vn30")).hasSize(30);
        assertThat(s.get("futures").asText()).startsWith("VN30F");
        // 30 stocks, 2 indices, the current and the next-month contract
        assertThat(s.get("symbols")).hasSize(34);
        assertThat(s.get("futuresContracts")).hasSize(2);
        assertThat(s.get("futuresContracts").get(0).asText()).isEqualTo(s.get("futures").asText());
        List<String> types = new ArrayList<>();
        s.get("symbols").forEach(n -> types.add(n.get("type").asText()));
        assertThat(types).containsOnly("stock", "index", "futures");
    }

    @Test
    void snapshotHasTheBoardIndicesAndFutures() throws Exception {
        JsonNode s = json("/api/market/snapshot");
        assertThat(s.get("session").asText()).isEqualTo("continuous");
        assertThat(s.get("stocks")).hasSize(30);
        for (JsonNode st : s.get("stocks")) {
            assertThat(st.get("bids")).hasSize(3);
            assertThat(st.get("asks")).hasSize(3);
            long last = st.get("last").asLong();
            if (last > 0) {
                assertThat(last).isBetween(st.get("floor").asLong(), st.get("ceiling").asLong());
                assertThat(st.get("change").asLong()).isEqualTo(last - st.get("ref").asLong());
            }
        }
        assertThat(s.get("indices")).extracting(n -> n.get("symbol").asText()).containsExactly("VN30", "VNINDEX");
        assertThat(s.at("/indices/0/series").size()).isGreaterThan(0);
        assertThat(s.at("/indices/0/series/0/0").isIntegralNumber()).as("series time is epoch ms, not 1.79E12").isTrue();
        assertThat(s.at("/indices/0/series/0/0").asLong() % 60_000).isZero();
        JsonNode f = s.get("futures");
        assertThat(f.get("underlying").asText()).isEqualTo("VN30");
        if (f.get("last").asDouble() > 0) {
            double basis = f.get("last").asDouble() - f.get("indexValue").asDouble();
            assertThat(f.get("basis").asDouble()).isCloseTo(basis, org.assertj.core.data.Offset.offset(0.011));
        }
        JsonNode one = json("/api/market/snapshot?symbols=fpt,VNM");
        assertThat(one.get("stocks")).extracting(n -> n.get("symbol").asText()).containsExactly("FPT", "VNM");
        HttpResponse<String> bad = get("/api/market/snapshot?symbols=FPT,NOPE");
        assertThat(bad.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(bad.body()).get("parameter").asText()).isEqualTo("symbols");
    }

    @Test
    void foreignAndVolumeStatsAddUp() throws Exception {
        JsonNode f = json("/api/market/foreign");
        long buy = 0;
        for (JsonNode n : f.get("foreign")) {
            buy += n.get("buyVol").asLong();
            assertThat(n.get("netVol").asLong()).isEqualTo(n.get("buyVol").asLong() - n.get("sellVol").asLong());
        }
        assertThat(f.at("/totals/buyVol").asLong()).isEqualTo(buy);
        JsonNode fpt = json("/api/market/foreign?symbol=FPT");
        assertThat(fpt.get("foreign")).hasSize(1);

        JsonNode v = json("/api/market/volume-stats");
        long total = 0;
        for (JsonNode n : v.get("stocks")) {
            long sum = n.get("activeBuyVol").asLong() + n.get("activeSellVol").asLong() + n.get("neutralVol").asLong();
            assertThat(sum).isEqualTo(n.get("totalVol").asLong());
            assertThat(n.at("/sessions/continuous").asLong()).isEqualTo(n.get("totalVol").asLong());
            total += n.get("totalVol").asLong();
        }
        assertThat(total).isPositive();
        assertThat(v.at("/totals/totalVol").asLong()).isEqualTo(total);
    }

    @Test
    void candlesMatchTheStoredTicks() throws Exception {
        JsonNode c = json("/api/history/FPT/candles?interval=1m");
        assertThat(c.get("interval").asText()).isEqualTo("1m");
        assertThat(c.get("candles").size()).isPositive();
        long candleVolume = 0;
        for (JsonNode k : c.get("candles")) {
            long lo = k.get("low").asLong();
            long hi = k.get("high").asLong();
            assertThat(k.get("open").asLong()).isBetween(lo, hi);
            assertThat(k.get("close").asLong()).isBetween(lo, hi);
            assertThat(k.get("t").asLong() % 60_000).isZero();
            candleVolume += k.get("volume").asLong();
        }
        long tickVolume;
        try (Connection db = services.connect();
             ResultSet rs = db.createStatement().executeQuery("SELECT coalesce(sum(volume), 0) FROM ticks WHERE symbol = 'FPT'")) {
            rs.next();
            tickVolume = rs.getLong(1);
        }
        // the candle query ran first; ticks written after it can only add volume
        assertThat(candleVolume).isPositive().isLessThanOrEqualTo(tickVolume);
        JsonNode daily = json("/api/history/FPT/candles?interval=1d");
        assertThat(daily.get("candles").size()).isBetween(1, 2);
    }

    @Test
    void ticksNewestFirstWithLimit() throws Exception {
        JsonNode t = json("/api/history/FPT/ticks?limit=5");
        assertThat(t.get("ticks")).hasSize(5);
        long prev = Long.MAX_VALUE;
        for (JsonNode n : t.get("ticks")) {
            assertThat(n.get("ts").asLong()).isLessThanOrEqualTo(prev);
            prev = n.get("ts").asLong();
            assertThat(n.get("side").asText()).isIn("buy", "sell", "neutral");
        }
        String fut = json("/api/symbols").get("futures").asText();
        Await.until(Duration.ofSeconds(20), "futures ticks", () -> {
            try {
                return json("/api/history/" + fut + "/ticks?limit=1").get("ticks").size() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode ft = json("/api/history/" + fut + "/ticks?limit=1");
        assertThat(ft.at("/ticks/0/price").isFloatingPointNumber()).isTrue();
        assertThat(ft.at("/ticks/0/price").asDouble()).isBetween(1_000.0, 3_000.0);
    }

    @Test
    void badParametersGetProblemsNamingThem() throws Exception {
        assertProblem("/api/history/FPT/candles?interval=2m", 400, "interval");
        assertProblem("/api/history/FPT/candles?from=yesterday", 400, "from");
        assertProblem("/api/history/FPT/ticks?to=2025-13-01", 400, "to");
        assertProblem("/api/history/FPT/ticks?limit=0", 400, "limit");
        assertProblem("/api/history/FPT/ticks?from=2000&to=1000", 400, "from");
        assertProblem("/api/history/FPT/candles?from=0&to=1764555300000", 400, "from");
        assertProblem("/api/history/NOPE/candles", 404, "symbol");
        assertProblem("/api/history/VN30/ticks", 404, "symbol");
        HttpResponse<String> r = get("/api/does-not-exist");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static void assertProblem(String path, int status, String parameter) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("parameter").asText()).isEqualTo(parameter);
        assertThat(p.get("detail").asText()).startsWith(parameter + ":");
    }

    /** The listener's accept queue as the kernel holds it (ss shows a listening socket's backlog as Send-Q). */
    @Test
    void theHttpListenerQueuesABurstOfConnections() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + app.port()).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(ss.waitFor()).as("ss -Hltn: %s", out).isZero();
        assertThat(out).as("one listening socket on :%d", app.port()).isNotEmpty().doesNotContain("\n");
        int backlog = Integer.parseInt(out.split("\\s+")[2]);
        int somaxconn = Integer.parseInt(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/core/somaxconn")).get(0).strip());
        assertThat(backlog).as("accept queue (Send-Q) of %s", out).isEqualTo(Math.min(App.ACCEPT_QUEUE, somaxconn)).isGreaterThan(50);
    }

    @Test
    void metricsArePrometheusText() {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("tracker_events_in_total", "tracker_events_processed_total", "tracker_store_queue_depth",
                "tracker_store_write_seconds", "tracker_ws_clients{channel=\"market\"}", "tracker_ws_dropped_clients_total",
                "jvm_memory_used_bytes");
        double in = Double.parseDouble(r.body().lines().filter(l -> l.startsWith("tracker_events_in_total ")).findFirst()
                .orElseThrow().split(" ")[1]);
        assertThat(in).isPositive();
    }

    @Test
    void corsOnlyForConfiguredOrigins() {
        assertThat(get("/api/symbols", "Origin", "http://allowed.example").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://allowed.example");
        assertThat(get("/api/symbols", "Origin", "http://evil.example").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void redisHoldsTheLatestSnapshot() throws Exception {
        Await.until(Duration.ofSeconds(10), "snapshot in redis", () -> {
            try (Jedis j = new Jedis("127.0.0.1", services.redisPort())) {
                return j.get(SnapshotCache.KEY) != null;
            }
        });
        try (Jedis j = new Jedis("127.0.0.1", services.redisPort())) {
            JsonNode s = JSON.readTree(j.get(SnapshotCache.KEY));
            assertThat(s.get("stocks")).hasSize(30);
        }
    }

    @Test
    void marketChannelSnapshotThenUpdatesAndSubscribe() throws Exception {
        try (WsClient ws = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/market")) {
            JsonNode first = ws.next(Duration.ofSeconds(5));
            assertThat(first.get("type").asText()).isEqualTo("snapshot");
            assertThat(first.get("channel").asText()).isEqualTo("market");
            assertThat(first.at("/data/stocks")).hasSize(30);
            assertThat(first.get("symbols").isNull()).isTrue();
            assertThat(first.at("/feed/state").asText()).isEqualTo("streaming");
            JsonNode update = ws.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
            assertThat(update.at("/data/stocks").size() + (update.at("/data/futures").isNull() ? 0 : 1)).isPositive();

            ws.send("{\"subscribe\":[\"fpt\",\"VNM\"]}");
            JsonNode snap = ws.next(n -> n.get("type").asText().equals("snapshot"), Duration.ofSeconds(5));
            assertThat(snap.get("symbols")).extracting(JsonNode::asText).containsExactly("FPT", "VNM");
            assertThat(snap.at("/data/stocks")).extracting(n -> n.get("symbol").asText()).containsExactly("FPT", "VNM");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                JsonNode u = ws.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
                u.at("/data/stocks").forEach(n -> seen.add(n.get("symbol").asText()));
            }
            assertThat(seen).isNotEmpty().isSubsetOf("FPT", "VNM");

            ws.send("this is not json");
            JsonNode err = ws.next(n -> n.get("type").asText().equals("error"), Duration.ofSeconds(5));
            assertThat(err.get("error").asText()).isEqualTo("bad_request");
            assertThat(err.get("detail").asText()).contains("not JSON");
            ws.send("{\"subscribe\":[\"NOPE\"]}");
            JsonNode err2 = ws.next(n -> n.get("type").asText().equals("error"), Duration.ofSeconds(5));
            assertThat(err2.get("detail").asText()).contains("NOPE");
            ws.send("{\"hello\":1}");
            ws.next(n -> n.get("type").asText().equals("error"), Duration.ofSeconds(5));
            // still connected, still filtered
            JsonNode after = ws.next(n -> n.get("type").asText().equals("update") && n.at("/data/stocks").size() > 0, Duration.ofSeconds(5));
            after.at("/data/stocks").forEach(n -> assertThat(n.get("symbol").asText()).isIn("FPT", "VNM"));
            ws.send("{\"type\":\"ping\"}");
            JsonNode hb = ws.next(n -> n.get("type").asText().equals("heartbeat"), Duration.ofSeconds(5));
            // the feed behind the socket: a client can tell a live socket from a live market
            assertThat(hb.at("/feed/state").asText()).isEqualTo("streaming");
            assertThat(hb.at("/feed/lastEventMs").asLong()).isGreaterThan(hb.get("ts").asLong() - 10_000);
            assertThat(ws.closeCode).isEqualTo(-1);
        }
    }

    @Test
    void permessageDeflateIsCompressedOnceForAllClientsAndDecodesLikeTheUncompressedFeed() throws Exception {
        try (DeflateWsClient a = new DeflateWsClient(app.port(), "/ws/market");
             DeflateWsClient b = new DeflateWsClient(app.port(), "/ws/market")) {
            assertThat(a.responseHead).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate");
            DeflateWsClient.Message snap = a.next();
            assertThat(snap.compressed()).as("the snapshot goes compressed").isTrue();
            JsonNode s = JSON.readTree(snap.text());
            assertThat(s.get("type").asText()).isEqualTo("snapshot");
            assertThat(s.at("/data/stocks")).hasSize(30);
            assertThat(snap.wire().length).isLessThan(snap.text().length() / 2);
            b.next(); // b's snapshot
            // the same update reaches both clients as the same bytes: compressed once, not once per client
            // (a compressor per client would give b other bytes, its window holding other messages)
            // (a catch-up for a client that fell behind has other content: only equal texts are compared)
            Map<String, byte[]> aUpdates = new HashMap<>();
            for (int i = 0; i < 15; i++) {
                DeflateWsClient.Message m = a.next();
                if (m.compressed() && JSON.readTree(m.text()).get("type").asText().equals("update")) {
                    aUpdates.put(m.text(), m.wire());
                }
            }
            assertThat(aUpdates).as("compressed updates").isNotEmpty();
            int same = 0;
            for (int i = 0; i < 30 && same == 0; i++) {
                DeflateWsClient.Message m = b.next();
                byte[] other = aUpdates.get(m.text());
                if (other != null) {
                    assertThat(m.wire()).as("the same update: " + m.text()).isEqualTo(other);
                    same++;
                }
            }
            assertThat(same).as("an update both clients received").isPositive();
            // what the browser sends compressed is read: a subscribe answered with the filtered snapshot
            a.sendCompressed("{\"subscribe\":[\"FPT\",\"VNM\"]}");
            JsonNode filtered = null;
            for (int i = 0; i < 100 && filtered == null; i++) {
                JsonNode j = JSON.readTree(a.next().text());
                if (j.get("type").asText().equals("snapshot")) {
                    filtered = j;
                }
            }
            assertThat(filtered).as("a snapshot after the compressed subscribe").isNotNull();
            assertThat(filtered.get("symbols")).extracting(JsonNode::asText).containsExactly("FPT", "VNM");
        }
    }

    @Test
    void aWebSocketUpgradeLeavesNoHttpSessionAndSetsNoCookie() throws Exception {
        List<DeflateWsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                DeflateWsClient c = new DeflateWsClient(app.port(), "/ws/market");
                open.add(c);
                assertThat(c.responseHead).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("set-cookie");
                assertThat(c.next().text()).contains("\"type\":\"snapshot\"");
            }
            // Javalin made a session for each upgrade (it reads the session's attributes); none is kept
            assertThat(app.httpSessionsHeld()).as("HTTP sessions held with 30 boards open").isZero();
        } finally {
            for (DeflateWsClient c : open) {
                c.close();
            }
        }
        assertThat(app.httpSessionsHeld()).as("HTTP sessions held after they closed").isZero();
    }

    @Test
    void theSnapshotComesFirstEvenWhenTheClientSpeaksFirst() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (WsClient ws = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/market")) {
                ws.send("not json at all"); // at once, before anything was received
                ws.send("{\"type\":\"ping\"}");
                assertThat(ws.next(Duration.ofSeconds(5)).get("type").asText()).isEqualTo("snapshot");
                JsonNode err = ws.next(n -> !n.get("type").asText().equals("update"), Duration.ofSeconds(5));
                assertThat(err.get("type").asText()).isEqualTo("error");
                assertThat(ws.next(n -> !n.get("type").asText().equals("update"), Duration.ofSeconds(5)).get("type").asText()).isEqualTo("heartbeat");
            }
        }
    }

    @Test
    void marketUpdatesAreDeltasThatKeepEveryClientsBoardIdentical() throws Exception {
        try (WsClient early = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/market")) {
            Map<String, JsonNode> earlyBoard = new HashMap<>();
            List<String> earlyUpdates = new ArrayList<>();
            apply(early.next(Duration.ofSeconds(5)), earlyBoard);
            for (int i = 0; i < 5; i++) {
                JsonNode u = early.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
                apply(u, earlyBoard);
                earlyUpdates.add(u.toString());
            }
            try (WsClient late = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/market")) {
                Map<String, JsonNode> lateBoard = new HashMap<>();
                JsonNode snap = late.next(Duration.ofSeconds(5));
                assertThat(snap.get("type").asText()).isEqualTo("snapshot");
                apply(snap, lateBoard);
                List<String> lateUpdates = new ArrayList<>();
                boolean sawPartialRow = false;
                for (int i = 0; i < 20; i++) {
                    JsonNode u = late.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
                    apply(u, lateBoard);
                    lateUpdates.add(u.toString());
                    for (JsonNode row : u.at("/data/stocks")) {
                        sawPartialRow |= !row.has("exchange");
                    }
                }
                assertThat(sawPartialRow).as("updates carry only what changed (no reference data)").isTrue();
                // the early client receives the same updates (same bytes) once the late one has joined;
                // after the last one both must hold exactly the same rows
                String lastLate = lateUpdates.get(lateUpdates.size() - 1);
                for (int i = 0; i < 200 && !earlyUpdates.get(earlyUpdates.size() - 1).equals(lastLate); i++) {
                    JsonNode u = early.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
                    apply(u, earlyBoard);
                    earlyUpdates.add(u.toString());
                }
                assertThat(earlyUpdates).contains(lateUpdates.get(0)).endsWith(lastLate);
                assertThat(lateBoard.keySet()).hasSize(31).isEqualTo(earlyBoard.keySet());
                for (String symbol : earlyBoard.keySet()) {
                    assertThat(lateBoard.get(symbol)).as(symbol).isEqualTo(earlyBoard.get(symbol));
                }
                // and what both hold is a whole row: every field of a snapshot row is there
                List<String> fields = new ArrayList<>();
                snap.at("/data/stocks/0").fieldNames().forEachRemaining(fields::add);
                lateBoard.values().stream().filter(r -> r.has("exchange") && !r.has("underlying"))
                        .forEach(r -> fields.forEach(f -> assertThat(r.has(f)).as("%s has %s", r.get("symbol"), f).isTrue()));
            }
        }
    }

    /** Merges a snapshot or update of /ws/market into a board, as a client does (API.md). */
    private static void apply(JsonNode msg, Map<String, JsonNode> board) {
        List<JsonNode> rows = new ArrayList<>();
        msg.at("/data/stocks").forEach(rows::add);
        if (!msg.at("/data/futures").isMissingNode() && !msg.at("/data/futures").isNull()) {
            rows.add(msg.at("/data/futures"));
        }
        for (JsonNode row : rows) {
            String symbol = row.get("symbol").asText();
            JsonNode held = board.get(symbol);
            if (held == null || msg.get("type").asText().equals("snapshot")) {
                board.put(symbol, row.deepCopy());
            } else {
                com.fasterxml.jackson.databind.node.ObjectNode merged = held.deepCopy();
                row.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                board.put(symbol, merged);
            }
        }
    }

    @Test
    void foreignAndIndexChannelsStartWithASnapshot() throws Exception {
        try (WsClient f = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/foreign");
             WsClient i = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/index")) {
            JsonNode fs = f.next(Duration.ofSeconds(5));
            assertThat(fs.get("type").asText()).isEqualTo("snapshot");
            assertThat(fs.at("/data/foreign").size()).isEqualTo(30);
            JsonNode is = i.next(Duration.ofSeconds(5));
            assertThat(is.get("type").asText()).isEqualTo("snapshot");
            assertThat(is.at("/data/indices/0/series").size()).isPositive();
            JsonNode iu = i.next(n -> n.get("type").asText().equals("update") && n.at("/data/indices").size() > 0, Duration.ofSeconds(5));
            assertThat(iu.at("/data/indices/0/series").size()).isZero();
            f.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndOthersKeepReceiving() throws Exception {
        double droppedBefore = dropped();
        // a raw WebSocket handshake on a socket that is then never read: its buffers fill up
        Socket slow = new Socket();
        slow.setReceiveBufferSize(4096);
        slow.connect(new java.net.InetSocketAddress("127.0.0.1", app.port()), 5_000);
        OutputStream out = slow.getOutputStream();
        out.write(("GET /ws/market HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = slow.getInputStream();
        byte[] head = new byte[12];
        assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        try (WsClient good = new WsClient(HTTP, "ws://127.0.0.1:" + app.port() + "/ws/market")) {
            Await.until(Duration.ofSeconds(90), "slow client dropped", () -> dropped() > droppedBefore);
            long t0 = System.nanoTime();
            good.messages.clear();
            good.next(n -> n.get("type").asText().equals("update"), Duration.ofSeconds(2));
            assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(2).toNanos());
            assertThat(good.closeCode).isEqualTo(-1);
        } finally {
            slow.close();
        }
    }

    private static double dropped() {
        return Double.parseDouble(get("/metrics").body().lines().filter(l -> l.startsWith("tracker_ws_dropped_clients_total "))
                .findFirst().orElseThrow().split(" ")[1]);
    }
}
