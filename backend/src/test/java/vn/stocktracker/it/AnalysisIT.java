package vn.stocktracker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.store.Database;
import vn.stocktracker.store.HistoryRepository;
import vn.stocktracker.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The day's analysis and the new history endpoints against a running backend with a real TimescaleDB,
 * each checked against what the database or the processor's own rows say. The source is stopped once
 * enough has happened, so the stored and the live numbers can be compared exactly.
 */
class AnalysisIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Services services;
    private static App app;
    private static String base;
    private static String futures;

    @BeforeAll
    static void start() throws Exception {
        services = new Services();
        Map<String, String> env = services.env();
        env.put("SIM_RATE", "1000");
        env.put("SIM_SCENARIO", "signals");
        app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
        base = "http://127.0.0.1:" + app.port();
        Await.until(Duration.ofSeconds(30), "health ok", () -> get("/health").statusCode() == 200);
        Await.until(Duration.ofSeconds(30), "stored rows", () -> app.writer().writtenRows() > 5_000);
        futures = json("/api/symbols").get("futures").asText();
        Await.until(Duration.ofSeconds(30), "futures traded", () -> {
            try {
                return json("/api/market/derivatives").at("/derivatives/basisSeries").size() > 0;
            } catch (Exception e) {
                return false;
            }
        });
        // a still market from here on: the database and the live state then say the same, to the share
        app.source().stop();
        Await.until(Duration.ofSeconds(30), "every row written",
                () -> app.writer().queueDepth() == 0 && app.writer().writtenRows() == app.writer().acceptedRows());
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

    private static long sql(String query) throws Exception {
        try (Connection c = services.connect(); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void volumeBySessionAndSideAddsUp() throws Exception {
        JsonNode v = json("/api/market/volume-stats");
        long buy = 0;
        for (JsonNode s : v.get("stocks")) {
            JsonNode cont = s.at("/bySession/continuous");
            assertThat(cont.get("buyVol").asLong() + cont.get("sellVol").asLong() + cont.get("neutralVol").asLong())
                    .isEqualTo(s.at("/sessions/continuous").asLong());
            assertThat(s.at("/bySession/ato/buyVol").asLong()).isZero(); // auctions have no aggressor
            long classified = s.get("activeBuyVol").asLong() + s.get("activeSellVol").asLong() + s.get("neutralVol").asLong();
            if (classified > 0) {
                assertThat(s.get("buyPressure").asDouble())
                        .isCloseTo(s.get("activeBuyVol").asLong() * 100.0 / classified, within(0.006));
            }
            buy += s.get("activeBuyVal").asLong();
        }
        assertThat(v.at("/totals/activeBuyVal").asLong()).isEqualTo(buy).isPositive();
    }

    @Test
    void foreignFlowSummaryMatchesItsRows() throws Exception {
        JsonNode f = json("/api/market/foreign");
        long net = f.at("/totals/netVal").asLong();
        JsonNode flow = f.get("flow");
        assertThat(flow).isNotEmpty();
        assertThat(flow.get(flow.size() - 1).get(1).asLong()).isEqualTo(net);
        long sectors = 0;
        Set<String> members = new HashSet<>();
        for (JsonNode s : f.get("sectors")) {
            sectors += s.get("netVal").asLong();
            s.get("symbols").forEach(x -> members.add(x.asText()));
        }
        assertThat(sectors).isEqualTo(net);
        assertThat(members).hasSize(f.get("foreign").size());
        JsonNode buyers = f.at("/top/buyers");
        for (int i = 1; i < buyers.size(); i++) {
            assertThat(buyers.get(i - 1).get("netVal").asLong()).isGreaterThanOrEqualTo(buyers.get(i).get("netVal").asLong());
        }
        assertThat(json("/api/symbols").get("symbols").get(0).get("sector").asText()).isEqualTo("Banks"); // ACB
    }

    @Test
    void derivativesAndSparklinesComeFromTheProcessor() throws Exception {
        JsonNode d = json("/api/market/derivatives");
        assertThat(d.at("/derivatives/symbol").asText()).isEqualTo(futures);
        JsonNode series = d.at("/derivatives/basisSeries");
        assertThat(series.get(series.size() - 1).get(1).asDouble()).isEqualTo(d.at("/derivatives/basis").asDouble());
        assertThat(d.at("/derivatives/convergence/state").asText()).isIn("unknown", "converging", "diverging", "steady");
        JsonNode spark = json("/api/market/sparklines").get("sparklines");
        assertThat(spark.size()).isEqualTo(30);
        spark.forEach(prices -> {
            assertThat(prices.size()).isBetween(1, 50);
            for (int i = 1; i < prices.size(); i++) {
                assertThat(prices.get(i).asLong()).isNotEqualTo(prices.get(i - 1).asLong());
            }
        });
    }

    @Test
    void candlesCarryTheActiveSplitOfTheirTicksOnBothCandleSources() throws Exception {
        long to = System.currentTimeMillis();
        JsonNode candles = json("/api/history/FPT/candles?to=" + to + "&from=" + (to - 86_400_000L)).get("candles");
        assertThat(candles).isNotEmpty();
        long buy = 0;
        for (JsonNode c : candles) {
            assertThat(c.get("buyVolume").asLong() + c.get("sellVolume").asLong()).isLessThanOrEqualTo(c.get("volume").asLong());
            buy += c.get("buyVolume").asLong();
        }
        String range = " AND ts >= to_timestamp(" + (to - 86_400_000L) / 1000.0 + ") AND ts < to_timestamp(" + to / 1000.0 + ")";
        assertThat(buy).isPositive().isEqualTo(sql("SELECT sum(volume) FROM ticks WHERE symbol = 'FPT' AND side = 'B'" + range));

        // where a continuous aggregate builds the candles the split is summed from the ticks: the same numbers
        try (Connection c = services.connect()) {
            c.createStatement().execute("CREATE VIEW candles_1m_agg AS SELECT symbol, bucket, open, high, low, close, volume FROM candles_1m");
        }
        try (Database viewDb = new Database(services.jdbcUrl(), Services.DB_USER, services.dbPassword())) {
            viewDb.migrate();
            assertThat(viewDb.candleSource()).isEqualTo(Database.CandleSource.CONTINUOUS_AGGREGATE);
            List<HistoryRepository.Candle> fromTicks = new HistoryRepository(viewDb).candles("FPT", false, Duration.ofMinutes(1),
                    Instant.ofEpochMilli(to - 86_400_000L), Instant.ofEpochMilli(to));
            assertThat(fromTicks).hasSize(candles.size());
            for (int i = 0; i < candles.size(); i++) {
                assertThat(fromTicks.get(i).buyVolume()).isEqualTo(candles.get(i).get("buyVolume").asLong());
                assertThat(fromTicks.get(i).sellVolume()).isEqualTo(candles.get(i).get("sellVolume").asLong());
            }
        } finally {
            try (Connection c = services.connect()) {
                c.createStatement().execute("DROP VIEW candles_1m_agg");
            }
        }
    }

    @Test
    void foreignHistoryIntradayAndDaily() throws Exception {
        long to = System.currentTimeMillis();
        JsonNode points = json("/api/history/foreign?to=" + to).get("points");
        assertThat(points).isNotEmpty();
        JsonNode last = points.get(points.size() - 1);
        assertThat(last.get("netVal").asLong()).isEqualTo(last.get("buyVal").asLong() - last.get("sellVal").asLong());
        // the market's net at the end of the range: every stock's last stored cumulative values before it
        long expected = sql("SELECT sum(buy_val - sell_val) FROM (SELECT DISTINCT ON (symbol) buy_val, sell_val FROM foreign_flow"
                + " WHERE ts < to_timestamp(" + to / 1000.0 + ") ORDER BY symbol, ts DESC) x");
        assertThat(last.get("netVal").asLong()).isEqualTo(expected);
        JsonNode fpt = json("/api/history/foreign?symbol=FPT&to=" + to).get("points");
        assertThat(fpt.get(fpt.size() - 1).get("netVal").asLong()).isEqualTo(sql("SELECT buy_val - sell_val FROM foreign_flow"
                + " WHERE symbol = 'FPT' AND ts < to_timestamp(" + to / 1000.0 + ") ORDER BY ts DESC LIMIT 1"));

        JsonNode days = json("/api/history/foreign/daily?days=365").get("days");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("symbols").asInt()).isEqualTo(30);
        assertThat(days.get(0).get("date").asText()).isEqualTo(java.time.LocalDate.now(vn.stocktracker.market.Instruments.VN).toString());
    }

    @Test
    void indexAndBasisHistory() throws Exception {
        JsonNode snaps = json("/api/history/index/VN30?limit=5").get("snapshots");
        assertThat(snaps).hasSize(5);
        assertThat(snaps.get(0).get("ts").asLong()).isGreaterThanOrEqualTo(snaps.get(4).get("ts").asLong());
        JsonNode candles = json("/api/history/index/vn30/candles?interval=1m").get("candles");
        assertThat(candles).isNotEmpty().allSatisfy(c -> {
            assertThat(c.get("high").asDouble()).isGreaterThanOrEqualTo(c.get("low").asDouble());
            assertThat(c.get("close").asDouble()).isBetween(c.get("low").asDouble(), c.get("high").asDouble());
        });
        JsonNode basis = json("/api/history/" + futures + "/basis").get("points");
        assertThat(basis).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("basis").asDouble()).isCloseTo(p.get("price").asDouble() - p.get("indexValue").asDouble(), within(0.006));
            assertThat(p.get("basis").asDouble()).isBetween(p.get("minBasis").asDouble(), p.get("maxBasis").asDouble());
        });
    }

    @Test
    void badHistoryRequestsAreProblems() throws Exception {
        for (String[] c : new String[][] {
                {"/api/history/index/FPT", "404", "symbol"},
                {"/api/history/FPT/basis", "404", "symbol"},
                {"/api/history/foreign/daily?days=400", "400", "days"},
                {"/api/history/foreign?symbol=FPT,VNM", "400", "symbol"},
                {"/api/history/index/VN30/candles?interval=2m", "400", "interval"}}) {
            HttpResponse<String> r = get(c[0]);
            assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(JSON.readTree(r.body()).get("parameter").asText()).isEqualTo(c[2]);
        }
    }
}
