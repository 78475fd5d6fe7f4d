package vn.stocktracker.source.ssi;

import vn.stocktracker.testing.ManualClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token and REST lookups against the stand-in (loopback only, no Docker). */
@Timeout(60)
class SsiAuthRestTest {

    private SsiStandIn standIn;
    private HttpClient http;

    @BeforeEach
    void startStandIn() {
        standIn = SsiStandIn.start(Clock.systemUTC(), 7, Duration.ofMillis(50));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private SsiConfig config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(standIn.env());
        env.putAll(overrides);
        assertThat(SsiConfig.validate(env)).isEmpty();
        return SsiConfig.fromEnv(env);
    }

    private SsiAuth auth(SsiConfig c) {
        return new SsiAuth(c, http, Clock.systemUTC());
    }

    @Test
    void tokenIsFetchedOnceAndCached() throws Exception {
        SsiAuth auth = auth(config(Map.of()));
        String t1 = auth.token();
        String t2 = auth.token();

        assertThat(t1).isEqualTo(t2).contains(".");
        assertThat(standIn.tokensIssued()).isEqualTo(1);
        assertThat(auth.expiresAtMs()).isGreaterThan(System.currentTimeMillis() + Duration.ofHours(7).toMillis());
    }

    @Test
    void tokenIsRenewedBeforeTheJwtExpires() throws Exception {
        // the stand-in and the client share a clock the test moves: no sleeping, exact instants
        ManualClock clock = new ManualClock(Instant.parse("2025-12-01T02:00:00Z"));
        try (SsiStandIn own = SsiStandIn.start(clock, 7, Duration.ofMillis(50))) {
            own.tokenLifetime(Duration.ofSeconds(4));
            Map<String, String> env = new HashMap<>(own.env());
            SsiAuth auth = new SsiAuth(SsiConfig.fromEnv(env), http, clock);
            String first = auth.token();
            // lifetime 4 s: renewed half-way, 2 s before exp
            assertThat(auth.refreshAtMs()).isEqualTo(clock.millis() + 2_000);

            clock.advance(Duration.ofMillis(1_999));
            assertThat(auth.token()).isEqualTo(first);
            clock.advance(Duration.ofMillis(1));
            String second = auth.token();

            assertThat(second).isNotEqualTo(first);
            assertThat(own.tokensIssued()).isEqualTo(2);
            assertThat(auth.expiresAtMs()).isEqualTo(clock.millis() + 4_000);
        }
    }

    @Test
    void wrongSecretIsAClearAuthErrorThatNeverShowsTheSecret() {
        SsiAuth auth = auth(config(Map.of("SSI_CONSUMER_SECRET", "wrong-secret-123")));

        assertThatThrownBy(auth::token).isInstanceOf(SsiAuthException.class)
                .hasMessageContaining("SSI rejected the credentials")
                .hasMessageContaining("Invalid consumer ID or consumer secret")
                .hasMessageContaining("SSI_CONSUMER_SECRET")
                .hasMessageNotContaining("wrong-secret-123");
        assertThat(config(Map.of("SSI_CONSUMER_SECRET", "wrong-secret-123")).toString())
                .doesNotContain("wrong-secret-123").contains("consumerSecret=***");
    }

    @Test
    void vn30ComponentsAndSecurityDetails() throws Exception {
        SsiConfig c = config(Map.of());
        SsiRestClient rest = new SsiRestClient(c, http, auth(c));

        assertThat(rest.indexComponents("VN30")).containsExactlyElementsOf(StandInMarket.vn30());
        List<SecurityInfo> details = rest.securitiesDetails("HOSE", "FPT");
        assertThat(details).hasSize(1);
        SecurityInfo fpt = details.get(0);
        assertThat(fpt.symbol()).isEqualTo("FPT");
        assertThat(fpt.lotSize()).isEqualTo(100);
        assertThat(fpt.ticks()).containsExactly(new SecurityInfo.Tick(0, 10), new SecurityInfo.Tick(10_000, 50),
                new SecurityInfo.Tick(50_000, 100));
        assertThat(rest.securities("HOSE")).hasSize(30).containsEntry("ACB", "Cong ty ACB");
        assertThat(standIn.restCalls().get(0)).startsWith("IndexComponents?indexCode=VN30&pageIndex=1&pageSize=100");
    }

    @Test
    void dailyOhlcIsFetchedInThirtyDayWindowsAndParsedLeniently() throws Exception {
        SsiConfig c = config(Map.of());
        SsiRestClient rest = new SsiRestClient(c, http, auth(c));
        LocalDate from = LocalDate.of(2025, 9, 1);
        LocalDate to = LocalDate.of(2025, 11, 14);

        List<OhlcBar> bars = rest.dailyOhlc("fpt", from, to);

        long weekdays = from.datesUntil(to.plusDays(1))
                .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY).count();
        assertThat(bars).hasSize((int) weekdays);
        assertThat(bars).isSortedAccordingTo(java.util.Comparator.comparingLong(OhlcBar::ts));
        OhlcBar first = bars.get(0);
        // the stand-in's close on 01/09/2025 is FPT's ref 118000 + 1 * 50
        assertThat(first).isEqualTo(new OhlcBar("FPT", LocalDate.of(2025, 9, 1).atStartOfDay(vn.stocktracker.market.Instruments.VN)
                .toInstant().toEpochMilli(), 117950, 118250, 117850, 118050, 125000, 118050L * 125000));
        assertThat(standIn.restCalls()).filteredOn(s -> s.startsWith("DailyOhlc")).extracting(s -> s.replaceAll(".*fromDate=([^&]*)&toDate=([^&]*).*", "$1..$2"))
                .containsExactly("01%2F09%2F2025..30%2F09%2F2025", "01%2F10%2F2025..30%2F10%2F2025", "31%2F10%2F2025..14%2F11%2F2025");
    }

    @Test
    void intradayOhlcPagesThroughEveryPage() throws Exception {
        SsiConfig c = config(Map.of());
        SsiRestClient rest = new SsiRestClient(c, http, auth(c));

        List<OhlcBar> bars = rest.intradayOhlc("VNM", LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 1));

        // 09:15-11:30 and 13:00-14:45: 135 + 105 one-minute bars, served 100 per page
        assertThat(bars).hasSize(240);
        assertThat(standIn.restCalls()).filteredOn(s -> s.startsWith("IntradayOhlc")).hasSize(3)
                .last().asString().contains("pageIndex=3");
    }

    @Test
    void theVn30ListComesFromIndexComponentsAndFallsBackToTheBuiltInOne() {
        List<String> changed = new java.util.ArrayList<>(StandInMarket.vn30());
        changed.set(changed.indexOf("VRE"), "HAG");
        standIn.vn30(changed);
        SsiSourceProvider provider = new SsiSourceProvider();
        vn.stocktracker.source.SourceContext context = new vn.stocktracker.source.SourceContext(standIn.env(),
                vn.stocktracker.market.Instruments.create(List.of(), LocalDate.of(2025, 12, 1)), Clock.systemUTC(), 1, 1, "open");

        assertThat(provider.vn30Components(context)).contains(changed);

        standIn.rejectCredentials(true);
        assertThat(provider.vn30Components(context)).isEmpty();
        standIn.rejectCredentials(false).slowResponses(Duration.ofSeconds(SsiSourceProvider.LOOKUP_SECONDS + 2));
        long t0 = System.nanoTime();
        assertThat(provider.vn30Components(context)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(SsiSourceProvider.LOOKUP_SECONDS + 1));
    }

    @Test
    void windowsSplitRangesAtThirtyDays() {
        assertThat(SsiRestClient.windows(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 30))).hasSize(1);
        List<LocalDate[]> w = SsiRestClient.windows(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31));
        assertThat(w).hasSize(2);
        assertThat(w.get(1)[0]).isEqualTo(LocalDate.of(2025, 1, 31));
        assertThatThrownBy(() -> SsiRestClient.windows(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 1, 1)))
                .hasMessageContaining("before");
    }

    @Test
    void aRefusedTokenIsRetriedOnceThenReportedAsAnAuthFailure() throws Exception {
        SsiConfig c = config(Map.of());
        SsiAuth auth = auth(c);
        SsiRestClient rest = new SsiRestClient(c, http, auth);
        rest.indexComponents("VN30");
        standIn.rejectCredentials(true);

        assertThatThrownBy(() -> rest.indexComponents("VN30")).isInstanceOf(SsiAuthException.class)
                .hasMessageContaining("check SSI_CONSUMER_ID and SSI_CONSUMER_SECRET");
        // one 401, then a fresh login that was refused
        assertThat(standIn.restCalls()).hasSize(2);
    }

    @Test
    void slowResponsesTimeOut() {
        standIn.slowResponses(Duration.ofSeconds(3));
        SsiAuth auth = auth(config(Map.of("SSI_TIMEOUT_MS", "500")));

        assertThatThrownBy(auth::token).isInstanceOf(IOException.class);
    }

    @Test
    void jwtExpiryIsReadFromTheToken() {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"exp\":1764555300}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(SsiAuth.jwtExpiryMs("h." + payload + ".s")).isEqualTo(1764555300000L);
        assertThat(SsiAuth.jwtExpiryMs("opaque-token")).isZero();
    }

    @Test
    void configProblemsNameTheVariableAndTheFix() {
        assertThat(SsiConfig.validate(Map.of("SSI_BASE_URL", "ftp://x", "SSI_CHANNELS", "X ALL", "SSI_TIMEOUT_MS", "-1")))
                .containsExactly(
                        "SSI_CONSUMER_ID: not set; set it to the consumer ID of your SSI FastConnect Data account, or use MARKET_SOURCE=simulated",
                        "SSI_CONSUMER_SECRET: not set; set it to the consumer secret of your SSI FastConnect Data account, or use MARKET_SOURCE=simulated",
                        "SSI_BASE_URL: 'ftp://x' is not an http(s) URL; use e.g. https://fc-data.ssi.com.vn/",
                        "SSI_CHANNELS: 'XALL' is not a channel list; use comma-separated TYPE:SYMBOLS entries such as X:ALL,R:ALL,MI:ALL,B:ALL",
                        "SSI_TIMEOUT_MS: '-1' is not a positive number of milliseconds; remove it or use e.g. 1000");
        assertThat(SsiConfig.validate(Map.of("SSI_CONSUMER_ID", "id", "SSI_CONSUMER_SECRET", "s",
                "SSI_STREAM_URL", "https://fc-data.ssi.com.vn/")))
                .containsExactly("SSI_STREAM_URL: https://fc-data.ssi.com.vn/ is SSI's REST host, where streaming fails "
                        + "with HTTP 502; use https://fc-datahub.ssi.com.vn/");
        SsiConfig d = SsiConfig.fromEnv(Map.of("SSI_CONSUMER_ID", "id", "SSI_CONSUMER_SECRET", "s"));
        assertThat(d.baseUrl()).hasToString("https://fc-data.ssi.com.vn/");
        assertThat(d.streamUrl()).hasToString("https://fc-datahub.ssi.com.vn/");
        assertThat(d.channels()).isEqualTo("X:ALL,R:ALL,MI:ALL,B:ALL");
    }
}
