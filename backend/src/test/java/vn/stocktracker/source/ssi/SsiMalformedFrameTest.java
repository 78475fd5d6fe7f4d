package vn.stocktracker.source.ssi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.Quote;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.stocktracker.source.ssi.SsiFrames.broadcast;
import static vn.stocktracker.source.ssi.SsiFrames.content;

/**
 * What JSON forbids is refused at each of the three layers (the hand-written decoder accepted some of it),
 * and so are frames that are too long or nested too deeply: each is counted as one malformed frame with a
 * reason, and the next good frame is decoded as usual.
 */
class SsiMalformedFrameTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T03:00:00Z"), ZoneOffset.UTC);

    private final SsiFrameDecoder decoder = new SsiFrameDecoder(Set.of("ACB")::contains, CLOCK);
    private final List<MarketEvent> events = new ArrayList<>();

    private static String withContent(String contentJson) {
        return broadcast("d-1", List.of(SsiFrames.payloadRaw("X", contentJson)));
    }

    private static String withPayload(String payloadJson) {
        return broadcast("d-1", List.of(payloadJson));
    }

    private void assertMalformedThenRecovers(String frame, String reason) {
        assertThat(decoder.decode(frame, events::add)).as(frame).isEqualTo(SsiFrameDecoder.Kind.MALFORMED);
        assertThat(decoder.lastMalformed()).contains(reason);
        assertThat(events).isEmpty();

        SsiFrameDecoder.Kind next = decoder.decode(broadcast("X", content("Symbol", "ACB", "LastPrice", 22950,
                "TotalVol", 100)), events::add);

        assertThat(next).isEqualTo(SsiFrameDecoder.Kind.DATA);
        assertThat(events).singleElement().isInstanceOf(Quote.class);
        assertThat(decoder.counters().malformedFrames).isEqualTo(1);
        assertThat(decoder.counters().payloads).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity", "0x10", "1_000"})
    void numbersJsonForbidsAreRefusedInTheContent(String number) {
        String frame = withContent("{\"Symbol\":\"ACB\",\"LastPrice\":" + number + ",\"TotalVol\":100}");
        assertMalformedThenRecovers(frame, "content: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'Symbol':'ACB'}",
        "{\"Symbol\":\"ACB\",}",
        "{\"Symbol\":\"ACB\" /* comment */}",
        "{Symbol:\"ACB\"}",
        "{\"Symbol\":\"A\tCB\"}",
        "{\"Symbol\":\"ACB\"}{}",
        "{\"Symbol\":\"ACB\"",
        "[1,2,3]",
        "\"ACB\""})
    void contentThatIsNotOneJsonObjectIsRefused(String contentJson) {
        assertMalformedThenRecovers(withContent(contentJson), "content: ");
    }

    @Test
    void theOtherTwoLayersAreJustAsStrict() {
        assertMalformedThenRecovers(withPayload("{\"DataType\":\"X\",\"Content\":\"{}\",\"Seq\":007}"), "payload: ");
    }

    @Test
    void theFrameLayerRefusesLeadingZerosToo() {
        assertMalformedThenRecovers("{\"C\":\"d-1\",\"S\":01,\"M\":[]}", "frame: ");
    }

    @Test
    void aFrameOverTheLimitIsRefusedUnread() {
        String padding = "x".repeat(SsiFrameReader.MAX_FRAME_CHARS);
        String frame = broadcast("X", content("Symbol", "ACB", "Pad", padding, "LastPrice", 1, "TotalVol", 1));

        assertMalformedThenRecovers(frame, "over the limit of " + SsiFrameReader.MAX_FRAME_CHARS);
    }

    @Test
    void deepNestingIsRefusedAtEachLayer() {
        String deep = "[".repeat(SsiFrameReader.MAX_DEPTH + 1) + "]".repeat(SsiFrameReader.MAX_DEPTH + 1);
        assertMalformedThenRecovers(withContent("{\"Symbol\":\"ACB\",\"Extra\":" + deep + "}"), "nesting depth");
    }

    @Test
    void deepNestingInTheOuterFrameIsRefused() {
        String deep = "[".repeat(SsiFrameReader.MAX_DEPTH + 1) + "]".repeat(SsiFrameReader.MAX_DEPTH + 1);
        assertMalformedThenRecovers("{\"C\":\"d-1\",\"X\":" + deep + ",\"M\":[]}", "nesting depth");
    }

    @Test
    void nestingWithinTheLimitIsSkippedAsAnUnknownField() {
        String nested = "[".repeat(SsiFrameReader.MAX_DEPTH - 2) + "]".repeat(SsiFrameReader.MAX_DEPTH - 2);
        String frame = withContent("{\"Symbol\":\"ACB\",\"Extra\":" + nested + ",\"LastPrice\":22950,\"TotalVol\":1}");

        assertThat(decoder.decode(frame, events::add)).isEqualTo(SsiFrameDecoder.Kind.DATA);
        assertThat(((Quote) events.get(0)).lastPrice()).isEqualTo(22950);
    }

    @Test
    void aHugeExponentIsNotAPrice() {
        decoder.decode(withContent("{\"Symbol\":\"ACB\",\"LastPrice\":1e999,\"TotalVol\":1}"), events::add);

        assertThat(((Quote) events.get(0)).lastPrice()).isZero();
    }
}
