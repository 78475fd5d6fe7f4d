package vn.stocktracker.source.ssi;

import org.junit.jupiter.api.Test;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.stocktracker.source.ssi.SsiFrames.broadcast;
import static vn.stocktracker.source.ssi.SsiFrames.content;

/**
 * The Jackson streaming decoder gives exactly the events of the hand-written decoder it replaced, on a
 * realistic mix and on valid but awkward frames (escapes, nested values, literals, spacing, a hub message
 * whose arguments come before its method).
 */
class SsiDecoderEquivalenceTest {

    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T03:00:00Z"), ZoneOffset.UTC);

    private static List<MarketEvent> streaming(List<String> frames) {
        Instruments instruments = Instruments.create(List.of(), DAY);
        SsiFrameDecoder d = new SsiFrameDecoder(instruments::contains, CLOCK);
        List<MarketEvent> out = new ArrayList<>();
        for (String f : frames) {
            assertThat(d.decode(f, out::add)).as(f).isNotEqualTo(SsiFrameDecoder.Kind.MALFORMED);
        }
        return out;
    }

    private static List<MarketEvent> handWritten(List<String> frames) {
        Instruments instruments = Instruments.create(List.of(), DAY);
        SsiDecodeBench.HandWrittenDecoder d = new SsiDecodeBench.HandWrittenDecoder(instruments::contains, CLOCK);
        List<MarketEvent> out = new ArrayList<>();
        for (String f : frames) {
            d.decode(f, out::add);
        }
        return out;
    }

    @Test
    void aRealisticMixDecodesIdentically() {
        List<String> frames = new StandInMarket(99, DAY).oddShare(0.3).mixedFrames(5_000);

        List<MarketEvent> events = streaming(frames);

        assertThat(events).hasSizeGreaterThan(4_000).containsExactlyElementsOf(handWritten(frames));
    }

    @Test
    void awkwardButValidFramesDecodeIdentically() {
        List<String> frames = List.of(
                broadcast("X", content("Symbol", "ACB", "TradingSession", "L\"O", "LastPrice", 22950.0, "TotalVol", 10)),
                broadcast("X", content("Symbol", "ACB", "Note", "a\\b\nc", "LastPrice", 23000.0, "TotalVol", 20)),
                broadcast("X", content("Symbol", "FPT", "Extra", List.of(1, 2), "LastPrice", 118000.0, "TotalVol", 5)),
                broadcast("X", content("Symbol", "FPT", "Flag", true, "Other", false, "Low", null, "LastPrice", 118100, "TotalVol", 7)),
                broadcast("X", content("Symbol", "VNM", "LastPrice", 6.0e4, "TotalVol", "1,200", "Ceiling", "64,200.0")),
                broadcast("MI", content()),
                broadcast("d-3", List.of(SsiFrames.payloadRaw("X",
                        "{ \"Symbol\" : \"VNM\" , \"LastPrice\" : 60000 , \"TotalVol\" : 3 }"))),
                // arguments before the method: SignalR writes H, M, A, but JSON objects have no order
                "{\"C\":\"d-4\",\"M\":[{\"A\":[" + SsiFrames.write(SsiFrames.payload("X", content("Symbol", "HPG",
                        "LastPrice", 27000, "TotalVol", 100))) + "],\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\"}]}");

        List<MarketEvent> events = streaming(frames);

        assertThat(events).hasSize(9).containsExactlyElementsOf(handWritten(frames));
    }
}
