package vn.stocktracker.source.ssi;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static vn.stocktracker.source.ssi.SsiFrames.broadcast;
import static vn.stocktracker.source.ssi.SsiFrames.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-place reading of Content strings (the fast path) must give exactly what unescaping them first
 * gives, on a realistic mix and on the awkward cases that send it to the general path.
 */
class SsiFastPathEquivalenceTest {

    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T03:00:00Z"), ZoneOffset.UTC);

    private static List<MarketEvent> decode(List<String> frames, boolean fast, long[] counters) {
        Instruments instruments = Instruments.create(List.of(), DAY);
        SsiFrameDecoder d = new SsiFrameDecoder(instruments::contains, CLOCK);
        d.useEscapedFastPath(fast);
        List<MarketEvent> out = new ArrayList<>();
        for (String f : frames) {
            d.decode(f, out::add);
        }
        SsiFrameDecoder.Counters c = d.counters();
        counters[0] = c.payloads;
        counters[1] = c.malformedFrames;
        counters[2] = c.invalidPayloads;
        counters[3] = c.untracked;
        counters[4] = d.fastPathHits();
        return out;
    }

    private static void assertSame(List<String> frames) {
        long[] fastCounters = new long[5];
        long[] slowCounters = new long[5];
        List<MarketEvent> fast = decode(frames, true, fastCounters);
        List<MarketEvent> slow = decode(frames, false, slowCounters);
        assertThat(fast).containsExactlyElementsOf(slow);
        assertThat(java.util.Arrays.copyOf(fastCounters, 4)).containsExactly(java.util.Arrays.copyOf(slowCounters, 4));
        assertThat(slowCounters[4]).isZero();
    }

    @Test
    void aRealisticMixDecodesIdentically() {
        List<String> frames = new StandInMarket(99, DAY).oddShare(0.3).mixedFrames(5_000);
        assertSame(frames);
        long[] c = new long[5];
        assertThat(decode(frames, true, c)).hasSizeGreaterThan(4_000);
        // every payload of the mix (odd casing and numbers as strings included) is read in place
        assertThat(c[4]).as("fast-path hits").isEqualTo(frames.size());
    }

    @Test
    void awkwardContentTakesTheGeneralPathWithTheSameResult() {
        List<String> frames = List.of(
                // an escaped character inside a value
                broadcast("X", content("Symbol", "ACB", "TradingSession", "L\"O", "LastPrice", 22950.0, "TotalVol", 10)),
                broadcast("X", content("Symbol", "ACB", "Note", "a\\b\nc", "LastPrice", 23000.0, "TotalVol", 20)),
                // a nested value
                broadcast("X", content("Symbol", "FPT", "Extra", List.of(1, 2), "LastPrice", 118000.0, "TotalVol", 5)),
                // literals, nulls, empty content
                broadcast("X", content("Symbol", "FPT", "Flag", true, "Other", false, "Low", null, "LastPrice", 118100, "TotalVol", 7)),
                broadcast("MI", content()),
                // broken content: a bad number, a truncated object
                SsiFrames.broadcast("d-1", List.of(SsiFrames.payloadRaw("X", "{\"Symbol\":\"ACB\",\"LastPrice\":1-2}"))),
                SsiFrames.broadcast("d-2", List.of(SsiFrames.payloadRaw("X", "{\"Symbol\":\"ACB\",\"LastPrice\":"))),
                SsiFrames.broadcast("d-3", List.of(SsiFrames.payloadRaw("X", "{ \"Symbol\" : \"VNM\" , \"LastPrice\" : 60000 , \"TotalVol\" : 3 }"))));
        assertSame(frames);
        long[] c = new long[5];
        decode(frames, true, c);
        // only the literal/null frame and the empty content are flat and quote-only
        assertThat(c[4]).as("fast-path hits").isEqualTo(2);
    }
}
