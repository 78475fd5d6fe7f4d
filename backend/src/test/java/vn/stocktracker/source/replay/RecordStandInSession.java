package vn.stocktracker.source.replay;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.testing.Await;
import vn.stocktracker.source.ssi.SsiConfig;
import vn.stocktracker.source.ssi.SsiSource;
import vn.stocktracker.source.ssi.SsiStandIn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Produces {@code backend/src/test/resources/replay/standin-session.ssi}: the real SSI client records
 * {@code seconds} of the stand-in's feed (SSI_RECORD_FILE), one malformed frame in 97 included so a
 * replay shows them being skipped. Run: {@code java -cp <test classpath>
 * vn.stocktracker.source.replay.RecordStandInSession <out file> [seconds]}.
 */
public final class RecordStandInSession {

    private RecordStandInSession() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "backend/src/test/resources/replay/standin-session.ssi");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Files.deleteIfExists(out);
        Clock clock = Clock.systemUTC();
        try (SsiStandIn standIn = SsiStandIn.start(clock, 2025, Duration.ofMillis(50)).malformedEvery(97)) {
            Map<String, String> env = new HashMap<>(standIn.env());
            env.put("SSI_RECORD_FILE", out.toString());
            Instruments instruments = Instruments.create(List.of(), LocalDate.now(clock.withZone(Instruments.VN)));
            SsiSource source = new SsiSource(SsiConfig.fromEnv(env), instruments, clock);
            long[] events = new long[1];
            source.start(e -> events[0]++);
            Await.until(Duration.ofSeconds(15), "streaming", () -> source.status().state() == SourceState.STREAMING);
            Thread.sleep(seconds * 1000L);
            source.stop();
            List<String> lines = Files.readAllLines(out);
            List<String> header = List.of(
                    "# SSI FastConnect Data v2 session recorded from the local stand-in (SsiStandIn) by the real client",
                    "# with SSI_RECORD_FILE; format: <receive time, epoch ms UTC><TAB><raw SignalR frame>.",
                    "# " + lines.size() + " frames, " + events[0] + " events, about " + seconds + " s; every 97th data frame is malformed on purpose.",
                    "# Regenerate: java -cp <test classpath> vn.stocktracker.source.replay.RecordStandInSession <file> [seconds]");
            Files.write(out, header);
            Files.write(out, lines, java.nio.file.StandardOpenOption.APPEND);
            System.out.printf("%s: %d frames, %d events, %d bytes%n", out, lines.size(), events[0], Files.size(out));
        }
    }
}
