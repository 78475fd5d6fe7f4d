package vn.stocktracker.source.replay;

import vn.stocktracker.Pipeline;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceRegistry;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.testing.Await;
import vn.stocktracker.source.ssi.FrameLog;
import vn.stocktracker.source.ssi.SsiFrameDecoder;
import vn.stocktracker.source.ssi.SsiFrames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static vn.stocktracker.source.ssi.SsiFrames.content;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReplaySourceTest {

    private static final Path SESSION = Path.of("src/test/resources/replay/standin-session.ssi");
    private final Clock clock = Clock.systemUTC();
    private final List<MarketEvent> events = new CopyOnWriteArrayList<>();
    private MarketDataSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    /** The universe of the day the session was recorded (its front-month contract). */
    private static Instruments instrumentsOf(Path file) throws Exception {
        for (String line : Files.readAllLines(file)) {
            FrameLog.Entry e = FrameLog.parse(line);
            if (e != null) {
                return Instruments.create(List.of(), LocalDate.ofInstant(Instant.ofEpochMilli(e.receivedMs()), Instruments.VN));
            }
        }
        throw new AssertionError("no frame in " + file);
    }

    private MarketDataSource start(Instruments instruments, Map<String, String> env, Pipeline pipeline) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("MARKET_SOURCE", "replay");
        SourceContext ctx = new SourceContext(e, instruments, clock, 1, 10, "real");
        var provider = SourceRegistry.provider("replay");
        assertThat(provider.validate(ctx)).isEmpty();
        source = provider.create(ctx);
        source.start(ev -> {
            events.add(ev);
            if (pipeline != null) {
                pipeline.accept(ev);
            }
        });
        return source;
    }

    @Test
    void theCommittedSessionPlaysIntoTheProcessorAtMaxSpeed() throws Exception {
        Instruments instruments = instrumentsOf(SESSION);
        Pipeline pipeline = new Pipeline(new MarketProcessor(instruments, ProcessorOutput.NONE), 65_536, 20, clock,
                new SimpleMeterRegistry(), () -> null);
        pipeline.start();
        try {
            start(instruments, Map.of("REPLAY_FILE", SESSION.toString(), "REPLAY_SPEED", "max"), pipeline);
            Await.until(Duration.ofSeconds(20), () -> "the end of the replay, " + source.status(),
                    () -> source.status().state() == SourceState.STOPPED);

            // exactly what decoding the file directly gives
            SsiFrameDecoder direct = new SsiFrameDecoder(instruments::contains, clock);
            List<MarketEvent> expected = new ArrayList<>();
            for (String line : Files.readAllLines(SESSION)) {
                FrameLog.Entry e = FrameLog.parse(line);
                if (e != null) {
                    direct.decode(e.frame(), expected::add);
                }
            }
            assertThat(events).containsExactlyElementsOf(expected);
            assertThat(expected).hasSizeGreaterThan(200);
            assertThat(direct.counters().malformedFrames).isPositive();
            assertThat(source.status().detail()).startsWith("replay finished: ").contains("malformed frames skipped");
            assertThat(source.status().eventsOut()).isEqualTo(expected.size());

            Await.until(Duration.ofSeconds(5), "prices on the board", () -> pipeline.snapshot().stocks().stream()
                    .filter(s -> s.last() > 0).count() == 30);
            MarketSnapshot s = pipeline.snapshot();
            assertThat(s.indices()).allMatch(i -> i.value() > 0);
        } finally {
            pipeline.close(1000);
        }
    }

    @Test
    void recordedPaceIsKeptAndScaledBySpeed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("paced.ssi");
        long t0 = 1_764_555_300_000L;
        List<String> lines = new ArrayList<>();
        lines.add("# three frames, 0 / 600 / 1200 ms apart");
        for (int i = 0; i < 3; i++) {
            lines.add((t0 + i * 600L) + "\t" + SsiFrames.broadcast("MI", content("IndexId", "VN30", "IndexValue", 1880.0 + i,
                    "PriorIndexValue", 1880.0, "TradingDate", "01/12/2025", "Time", "10:00:0" + i)));
        }
        Files.write(file, lines);
        Instruments instruments = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));

        long start = System.nanoTime();
        start(instruments, Map.of("REPLAY_FILE", file.toString(), "REPLAY_SPEED", "2"), null);
        Await.until(Duration.ofSeconds(10), "the end", () -> source.status().state() == SourceState.STOPPED);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // 1200 ms of recording at 2x: about 600 ms
        assertThat(tookMs).isBetween(550L, 3000L);
        assertThat(events).hasSize(3);
    }

    @Test
    void aMissingFileIsFailedNamingTheVariable(@TempDir Path dir) {
        start(Instruments.create(List.of(), LocalDate.of(2025, 12, 1)),
                Map.of("REPLAY_FILE", dir.resolve("nope.ssi").toString()), null);
        Await.until(Duration.ofSeconds(5), "failed", () -> source.status().state() == SourceState.FAILED);
        assertThat(source.status().detail()).startsWith("REPLAY_FILE: ").contains("does not exist");
    }

    @Test
    void badLinesAreSkippedAndLoopingStartsAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loop.ssi");
        Files.write(file, List.of(
                "not a frame line",
                "1764555300000\t" + SsiFrames.broadcast("MI", content("IndexId", "VN30", "IndexValue", 1880.5,
                        "TradingDate", "01/12/2025", "Time", "10:00:00")),
                "1764555300001\t{\"C\":\"broken"));
        start(Instruments.create(List.of(), LocalDate.of(2025, 12, 1)),
                Map.of("REPLAY_FILE", file.toString(), "REPLAY_SPEED", "max", "REPLAY_LOOP", "true"), null);
        Await.until(Duration.ofSeconds(10), "three passes", () -> events.size() >= 3);
        source.stop();

        assertThat(source.status().state()).isEqualTo(SourceState.STOPPED);
        assertThat(((ReplaySource) source).skipped()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void settingsAreValidated() {
        assertThat(ReplayConfig.validate(Map.of("REPLAY_SPEED", "fast", "REPLAY_LOOP", "maybe"))).containsExactly(
                "REPLAY_FILE: not set; set it to a recorded SSI session, e.g. backend/src/test/resources/replay/standin-session.ssi, or use MARKET_SOURCE=simulated",
                "REPLAY_SPEED: 'fast' is not a speed; use 1 (recorded pace), a factor such as 10, or max",
                "REPLAY_LOOP: 'maybe' is not true or false");
        assertThat(ReplayConfig.parseSpeed("max")).isZero();
        assertThat(ReplayConfig.parseSpeed("10x")).isEqualTo(10);
        assertThat(ReplayConfig.parseSpeed("-1")).isEqualTo(-1);
    }
}
