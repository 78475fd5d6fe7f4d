package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.source.MarketEventSink;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro benchmark: SSI frames per second, one thread, over 20,000 frames of a realistic mix from the
 * stand-in's market model (65% X with 3 or 10 book levels, 15% R, 8% MI, 10% B, 2% F; 10% with odd key
 * casing and numbers as strings). One operation is one frame, cycling through the mix.
 * <ul>
 *   <li>{@code streaming}: production's {@link SsiFrameDecoder} (Jackson streaming, three layers, then
 *       normalisation into events);</li>
 *   <li>{@code handWritten}: the hand-written decoder it replaced ({@link HandWrittenFrameParser}, kept in
 *       the test sources for this comparison) with the same normaliser;</li>
 *   <li>{@code jacksonTree}: the old baseline, Jackson {@code readTree} of the three layers, no
 *       normalisation.</li>
 * </ul>
 * Run by {@code bench/ssi/run.sh}, which writes bench/ssi/RESULTS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SsiDecodeBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);

    private String[] frames;
    private int next;
    private SsiFrameDecoder streaming;
    private HandWrittenDecoder handWritten;
    private MarketEventSink sink;

    @Setup
    public void setUp(Blackhole bh) {
        List<String> mix = new StandInMarket(42, DAY).mixedFrames(20_000);
        frames = mix.toArray(String[]::new);
        Instruments instruments = Instruments.create(List.of(), DAY);
        streaming = new SsiFrameDecoder(instruments::contains, Clock.systemUTC());
        handWritten = new HandWrittenDecoder(instruments::contains, Clock.systemUTC());
        sink = bh::consume;
    }

    private String frame() {
        String f = frames[next];
        next = next + 1 == frames.length ? 0 : next + 1;
        return f;
    }

    @Benchmark
    public SsiFrameDecoder.Kind streaming() {
        return streaming.decode(frame(), sink);
    }

    @Benchmark
    public int handWritten() {
        return handWritten.decode(frame(), sink);
    }

    @Benchmark
    public int jacksonTree() throws IOException {
        JsonNode outer = JSON.readTree(frame());
        JsonNode m = outer.get("M");
        int n = 0;
        if (m == null) {
            return n;
        }
        for (JsonNode msg : m) {
            for (JsonNode a : msg.get("A")) {
                JsonNode payload = JSON.readTree(a.asText());
                JsonNode content = JSON.readTree(payload.get("Content").asText());
                n += content.size();
            }
        }
        return n;
    }

    /** The hand-written parser with production's normaliser: what SsiFrameDecoder was before. */
    static final class HandWrittenDecoder {
        private final HandWrittenFrameParser parser = new HandWrittenFrameParser();
        private final SsiNormaliser normaliser;
        private final HandWrittenFrameParser.PayloadHandler handler;
        private MarketEventSink out;

        HandWrittenDecoder(java.util.function.Predicate<String> tracked, Clock clock) {
            normaliser = new SsiNormaliser(tracked, clock);
            handler = (type, record) -> normaliser.apply(type, record, out);
        }

        /** The number of payloads, or -1 for a malformed frame. */
        int decode(String frame, MarketEventSink sink) {
            out = sink;
            try {
                return parser.parse(frame, handler).payloads;
            } catch (MalformedFrameException e) {
                return -1;
            }
        }
    }
}
