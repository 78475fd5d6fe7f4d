package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.it.Services;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.store.Database;
import vn.stocktracker.testing.Await;
import vn.stocktracker.testing.ManualClock;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, SSI part: a backend restarted at 10:00:30 with {@code MARKET_SOURCE=ssi} finds today's
 * candles up to 09:40 from its previous run (seeded here) and none after; after start every minute from
 * 09:15 to 09:59 of every tracked stock and of the VN30F contract has a candle: the stored ones untouched,
 * the missing ones from the stand-in's {@code IntradayOhlc} (paged, keys lower-cased on even pages,
 * numbers as strings), and the minute of the first connection left to live ticks. Real TimescaleDB and
 * Redis; the stand-in and the backend share a clock the test sets.
 */
@Timeout(180)
class SsiCandleBackfillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    /** Monday 2025-12-01 10:00:30 in Vietnam. */
    private static final ManualClock CLOCK = new ManualClock(DAY.atTime(10, 0, 30).atZone(Instruments.VN).toInstant());
    private static final String FUTURES = Instruments.frontMonthFutures(DAY);
    private static Services services;
    private static SsiStandIn standIn;
    private static App app;

    private static long vn(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    @BeforeAll
    static void restartAfterAnOutage() throws Exception {
        services = new Services();
        // the previous run stored ACB's candles up to 09:40 (volume 7: not the stand-in's figures)
        try (Database db = new Database(services.jdbcUrl(), Services.DB_USER, services.dbPassword())) {
            db.migrate();
        }
        try (Connection c = services.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO candles_1m VALUES ('ACB', ?, 25000, 25100, 24900, 25050, 7, ?, ?)")) {
            for (int m = 15; m <= 40; m++) {
                OffsetDateTime bucket = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(vn(9, m)), ZoneOffset.UTC);
                ps.setObject(1, bucket);
                ps.setObject(2, bucket.plusSeconds(3));
                ps.setObject(3, bucket.plusSeconds(55));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        standIn = SsiStandIn.start(CLOCK, 3, Duration.ofMillis(25));
        // SSI's VN30 differs from the built-in list: VRE left, HAG joined
        List<String> vn30 = new java.util.ArrayList<>(StandInMarket.vn30());
        vn30.set(vn30.indexOf("VRE"), "HAG");
        standIn.vn30(vn30);
        Map<String, String> env = new HashMap<>(services.env());
        env.putAll(standIn.env());
        env.put("MARKET_SOURCE", "ssi");
        app = App.start(ConfigLoader.load(env), env, CLOCK);
        SsiSource source = (SsiSource) app.source();
        Await.until(Duration.ofSeconds(60), "the back-fill thread to finish",
                () -> source.backfillThread() != null && !source.backfillThread().isAlive());
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

    /** bucket (epoch ms) -> {close, volume, first_ts} of one symbol's candles today. */
    private static Map<Long, Object[]> candles(String symbol) throws Exception {
        Map<Long, Object[]> out = new TreeMap<>();
        try (Connection c = services.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT bucket, close, volume, first_ts FROM candles_1m WHERE symbol = ? AND bucket >= ? ORDER BY bucket")) {
            ps.setString(1, symbol);
            ps.setObject(2, OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(vn(9, 0)), ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long bucket = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
                    out.put(bucket, new Object[] {rs.getBigDecimal(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli()});
                }
            }
        }
        return out;
    }

    @Test
    void theGapIsFilledAndStoredCandlesAreKept() throws Exception {
        Map<Long, Object[]> acb = candles("ACB");

        for (int m = 15; m <= 59; m++) {
            assertThat(acb).as("ACB 09:%02d", m).containsKey(vn(9, m));
        }
        for (int m = 15; m <= 40; m++) {
            assertThat(acb.get(vn(9, m))[1]).as("stored volume of 09:%02d", m).isEqualTo(7L);
        }
        for (int m = 41; m <= 59; m++) {
            Object[] c = acb.get(vn(9, m));
            int minuteOfDay = 9 * 60 + m;
            // the stand-in's bar: ACB's reference 25,000 VND plus (minute of day mod 7) ticks of 50
            assertThat((BigDecimal) c[0]).as("close of 09:%02d", m)
                    .isEqualByComparingTo(BigDecimal.valueOf(25_000 + (minuteOfDay % 7) * 50L));
            assertThat(c[1]).isEqualTo(125_000L);
            assertThat(c[2]).as("first_ts of a filled minute is its bucket").isEqualTo(vn(9, m));
        }
        // 10:00, the minute of the first connection: only live ticks (at 10:00:30) build it
        Object[] live = acb.get(vn(10, 0));
        if (live != null) {
            assertThat(live[2]).isEqualTo(CLOCK.millis());
        }
    }

    @Test
    void everyTrackedSymbolAndTheFuturesContractHaveTheWholeMorning() throws Exception {
        for (String symbol : new String[] {"FPT", "VNM", "HAG", FUTURES, FuturesContractsNext.NEXT}) {
            Map<Long, Object[]> c = candles(symbol);
            for (int m = 15; m <= 59; m++) {
                assertThat(c).as("%s 09:%02d", symbol, m).containsKey(vn(9, m));
            }
        }
        // futures in points: 1885.00 + (minute of day mod 7) * 0.10
        Object[] f = candles(FUTURES).get(vn(9, 45));
        assertThat((BigDecimal) f[0]).isEqualByComparingTo(new BigDecimal("1885.00").add(
                BigDecimal.valueOf(((9 * 60 + 45) % 7) * 10L, 2)));
        assertThat(f[1]).isEqualTo(120L);
    }

    /** The contract after the current one, tracked too. */
    private static final class FuturesContractsNext {
        static final String NEXT = vn.stocktracker.market.FuturesContracts.defaults(DAY).symbols().get(1);
    }

    @Test
    void theTrackedVn30IsSsisListAndTheGoneStockHasNoFilledCandles() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.port() + "/api/symbols")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode symbols = JSON.readTree(r.body());

        assertThat(symbols.get("vn30").toString()).contains("\"HAG\"").doesNotContain("\"VRE\"");
        assertThat(symbols.get("futuresContracts")).hasSize(2);
        assertThat(candles("VRE")).isEmpty();
    }

    @Test
    void theApiServesTheFilledMinutes() throws Exception {
        String from = Long.toString(vn(9, 15));
        String to = Long.toString(vn(10, 0));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.port() + "/api/history/FPT/candles?interval=1m&from=" + from + "&to=" + to))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode candles = JSON.readTree(r.body()).get("candles");
        assertThat(candles).hasSize(45);
        assertThat(candles.get(0).get("t").asLong()).isEqualTo(vn(9, 15));
        assertThat(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(candles.get(44).get("t").asLong()), Instruments.VN))
                .isEqualTo(DAY.atTime(9, 59));
    }
}
