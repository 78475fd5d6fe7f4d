package vn.stocktracker.source.ssi;

import vn.stocktracker.testing.Await;

import vn.stocktracker.Pipeline;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.Trade;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceRegistry;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real SSI source against the stand-in, end to end into the backend's processor (through the same
 * {@link Pipeline} the app uses), with every fault the stand-in can inject. Loopback only; bounded waits.
 */
@Timeout(90)
class SsiSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Clock clock = Clock.systemUTC();
    private final Instruments instruments = Instruments.create(List.of(), LocalDate.now(clock.withZone(Instruments.VN)));
    private final List<MarketEvent> events = new CopyOnWriteArrayList<>();
    private SsiStandIn standIn;
    private MarketDataSource source;
    private Pipeline pipeline;
    private boolean keepAliveSetByTest;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.stop();
        }
        if (pipeline != null) {
            pipeline.close(1000);
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    private SsiSource start(Map<String, String> overrides) {
        standIn = standIn == null ? SsiStandIn.start(clock, 11, Duration.ofMillis(20)) : standIn;
        // a dropped connection can stay half-open on the client (the JDK WebSocket does not always see
        // the FIN); the keep-alive watchdog catches that after the negotiated KeepAliveTimeout, so keep
        // it well inside this test's waits
        if (!keepAliveSetByTest) {
            standIn.keepAliveTimeout(Duration.ofSeconds(3));
        }
        Map<String, String> env = new HashMap<>(standIn.env());
        env.putAll(overrides);
        SourceContext ctx = new SourceContext(env, instruments, clock, 1, 10, "real");
        var provider = SourceRegistry.provider("ssi");
        assertThat(provider.validate(ctx)).isEmpty();
        source = provider.create(ctx);
        pipeline = new Pipeline(new MarketProcessor(instruments, ProcessorOutput.NONE), 65_536, 50, clock,
                new SimpleMeterRegistry(), () -> null);
        pipeline.start();
        source.start(e -> {
            events.add(e);
            pipeline.accept(e);
        });
        return (SsiSource) source;
    }

    private void awaitState(SourceState state) {
        Await.until(WAIT, () -> "state " + state + ", is " + source.status(), () -> source.status().state() == state);
    }

    private void awaitMoreEvents() {
        long before = source.status().eventsOut();
        Await.until(WAIT, () -> "new events after " + before + ", status " + source.status(),
                () -> source.status().eventsOut() > before + 50);
    }

    @Test
    void streamsLivePricesIntoTheProcessor() {
        SsiSource ssi = start(Map.of());
        awaitState(SourceState.STREAMING);
        Await.until(WAIT, "every VN30 stock priced, both indices and the contract",
                () -> {
                    MarketSnapshot s = pipeline.snapshot();
                    return s.stocks().stream().filter(v -> v.last() > 0).count() == 30
                            && s.indices().stream().allMatch(i -> i.value() > 0) && s.futures() != null && s.futures().last() > 0;
                });

        MarketSnapshot s = pipeline.snapshot();
        StockView fpt = s.stocks().stream().filter(v -> v.symbol().equals("FPT")).findFirst().orElseThrow();
        assertThat(fpt.ref()).isEqualTo(118_000);
        assertThat(fpt.ceiling()).isEqualTo(126_200);
        assertThat(fpt.floor()).isEqualTo(109_800);
        assertThat(fpt.last()).isBetween(fpt.floor(), fpt.ceiling());
        assertThat(fpt.bids()).hasSize(3);
        assertThat(s.futures().symbol()).isEqualTo(instruments.futuresSymbol());
        assertThat(s.futures().last()).isBetween(1700.0, 2100.0);
        assertThat(ssi.watchlist()).containsExactlyElementsOf(Instruments.VN30);
        assertThat(ssi.securities()).containsKey("FPT");
        assertThat(standIn.switchChannelsCalls()).containsExactly("X:ALL,R:ALL,MI:ALL,B:ALL");
        assertThat(standIn.starts()).isEqualTo(1);
        assertThat(events).noneMatch(e -> e.symbol().equals("TAR") || e.symbol().equals("HAG"));
        assertThat(ssi.counters().untracked).isPositive();
    }

    @Test
    void wrongCredentialsAreAuthFailedWithoutAnyDataThenRecover() {
        standIn = SsiStandIn.start(clock, 11, Duration.ofMillis(20)).rejectCredentials(true);
        start(Map.of());
        awaitState(SourceState.FAILED);

        SourceStatus st = source.status();
        assertThat(st.detail()).startsWith("auth failed: SSI rejected the credentials")
                .contains("SSI_CONSUMER_SECRET").doesNotContain(SsiStandIn.CONSUMER_SECRET);
        assertThat(events).isEmpty();
        assertThat(standIn.negotiations()).isZero();

        standIn.rejectCredentials(false);
        awaitState(SourceState.STREAMING);
        awaitMoreEvents();
    }

    @Test
    void droppedConnectionsReconnectResubscribeAndReseed() {
        SsiSource ssi = start(Map.of());
        awaitState(SourceState.STREAMING);
        for (int i = 1; i <= 2; i++) {
            int connections = standIn.connections();
            standIn.dropConnections();
            int round = i;
            Await.until(WAIT, () -> "reconnect " + round + ", status " + source.status(),
                    () -> standIn.connections() > connections && ssi.reconnects() >= round);
            awaitMoreEvents();
        }
        // SwitchChannels after every (re)connect
        assertThat(standIn.switchChannelsCalls()).hasSize(standIn.connections()).containsOnly("X:ALL,R:ALL,MI:ALL,B:ALL");
        assertThat(source.status().state()).isEqualTo(SourceState.STREAMING);
        // the volume traded while disconnected is never reported as one trade: each trade is at most a
        // single stand-in print (6,000 shares, 50 contracts)
        assertThat(events).filteredOn(e -> e instanceof Trade).extracting(e -> ((Trade) e).volume())
                .allMatch(v -> v <= 6_000);
    }

    @Test
    void tokenExpiryIsSurvived() {
        standIn = SsiStandIn.start(clock, 11, Duration.ofMillis(20)).tokenLifetime(Duration.ofSeconds(3));
        SsiSource ssi = start(Map.of());
        awaitState(SourceState.STREAMING);
        Await.until(WAIT, () -> "a new token and a reconnect, tokens " + standIn.tokensIssued() + ", status " + source.status(),
                () -> standIn.tokensIssued() >= 2 && ssi.reconnects() >= 1);
        awaitState(SourceState.STREAMING);
        awaitMoreEvents();
    }

    @Test
    void malformedFramesAreCountedSkippedAndShown() {
        standIn = SsiStandIn.start(clock, 11, Duration.ofMillis(20)).malformedEvery(7);
        SsiSource ssi = start(Map.of());
        awaitState(SourceState.STREAMING);
        Await.until(WAIT, "malformed frames counted", () -> ssi.counters().malformedFrames >= 8);
        awaitMoreEvents();

        assertThat(source.status().state()).isEqualTo(SourceState.STREAMING);
        assertThat(source.status().detail()).contains("malformed frames skipped");
        assertThat(ssi.reconnects()).isZero();
        assertThat(ssi.counters().malformedFrames).isLessThanOrEqualTo(standIn.malformedSent());
    }

    @Test
    void slowResponsesAndAnOutageAreRetriedWithBackoffUntilTheyEnd() {
        standIn = SsiStandIn.start(clock, 11, Duration.ofMillis(20)).refuseNegotiate(true);
        start(Map.of("SSI_TIMEOUT_MS", "800"));
        Await.until(WAIT, "several refused negotiations", () -> standIn.negotiations() >= 3);
        // between two attempts it is briefly "connecting" again; the wait in between is "reconnecting"
        Await.until(WAIT, () -> "reconnecting after HTTP 503, " + source.status(),
                () -> source.status().state() == SourceState.RECONNECTING && source.status().detail().contains("HTTP 503"));

        standIn.refuseNegotiate(false).slowResponses(Duration.ofMillis(1500));
        Await.until(WAIT, () -> "a timeout, status " + source.status(),
                () -> source.status().detail().contains("timed out") || source.status().detail().contains("no answer"));
        assertThat(events).isEmpty();

        standIn.slowResponses(Duration.ZERO);
        awaitState(SourceState.STREAMING);
        awaitMoreEvents();
    }

    @Test
    void aSilentConnectionIsDetectedByTheKeepAliveWatchdog() {
        standIn = SsiStandIn.start(clock, 11, Duration.ofMillis(20)).keepAliveTimeout(Duration.ofSeconds(2));
        keepAliveSetByTest = true;
        SsiSource ssi = start(Map.of());
        awaitState(SourceState.STREAMING);
        standIn.silent(true);
        int connections = standIn.connections();
        Await.until(WAIT, () -> "a reconnect after silence, status " + source.status(),
                () -> standIn.connections() > connections);
        standIn.silent(false);
        awaitMoreEvents();
        assertThat(ssi.reconnects()).isPositive();
    }

    @Test
    void stopIsBoundedAndNothingIsDeliveredAfterwards() {
        start(Map.of());
        awaitState(SourceState.STREAMING);
        long t0 = System.nanoTime();
        source.stop();
        long took = (System.nanoTime() - t0) / 1_000_000;
        int after = events.size();

        assertThat(took).isLessThan(2000);
        assertThat(source.status().state()).isEqualTo(SourceState.STOPPED);
        Await.until(Duration.ofSeconds(5), "the stand-in saw the connection close", () -> standIn.openConnections() == 0);
        assertThat(events).hasSize(after);
        source.stop();
    }

    @Test
    void recordsEveryReceivedFrameForReplay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.ssi");
        SsiSource ssi = start(Map.of("SSI_RECORD_FILE", file.toString()));
        awaitState(SourceState.STREAMING);
        awaitMoreEvents();
        source.stop();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty().noneMatch(l -> l.endsWith("\t{}"));
        SsiFrameDecoder d = new SsiFrameDecoder(instruments::contains, clock);
        List<MarketEvent> replayed = new ArrayList<>();
        long previous = 0;
        for (String line : lines) {
            FrameLog.Entry e = FrameLog.parse(line);
            assertThat(e.receivedMs()).isGreaterThanOrEqualTo(previous);
            previous = e.receivedMs();
            d.decode(e.frame(), replayed::add);
        }
        // the same frames decode to the same events
        assertThat(replayed).hasSize(events.size());
        assertThat(replayed).containsExactlyElementsOf(events);
        assertThat(ssi.counters().frames).isGreaterThanOrEqualTo(lines.size());
    }
}
