package vn.stocktracker.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.stocktracker.api.Json;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;
import vn.stocktracker.source.sim.SimulatedDay;
import vn.stocktracker.stream.LiveRecord.Cursor;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream encoding: entries, parts of a publish and the live record survive Redis unchanged. */
class ChangeCodecTest {
    private final ObjectMapper json = Json.mapper();
    private final ChangeCodec codec = new ChangeCodec(json);

    @Test
    void everyPartOfRealChangesComesBackAsTheApiServesIt() throws Exception {
        SimulatedDay day = new SimulatedDay(7);
        day.advance(30_000);
        boolean sawAlerts = false;
        boolean sawFutures = false;
        for (int i = 0; i < 40; i++) {
            MarketChanges ch = day.advance(250);
            Map<StreamChannel, String> parts = codec.encode(ch);
            sawAlerts |= parts.containsKey(StreamChannel.ALERTS);
            sawFutures |= parts.containsKey(StreamChannel.FUTURES);
            MarketChanges back = codec.decode(ch.ts(), parts);
            assertThat(json.writeValueAsString(back)).isEqualTo(json.writeValueAsString(ch));
        }
        assertThat(sawAlerts).as("the scenario fires alerts").isTrue();
        assertThat(sawFutures).isTrue();
    }

    @Test
    void emptyChangesHaveNoParts() {
        assertThat(codec.encode(new MarketChanges(1, java.util.List.of(), java.util.List.of(), java.util.List.of(), null))).isEmpty();
    }

    @Test
    void theLiveRecordKeepsTheWholeSnapshotAndCursors() throws Exception {
        SimulatedDay day = new SimulatedDay(3);
        day.advance(40_000);
        MarketSnapshot s = day.processor.snapshot();
        LiveRecord r = new LiveRecord(4, 1234, Map.of(StreamChannel.MARKET, new Cursor("17-3", 1233)), "c1", "simulated",
                new SourceStatus(SourceState.STREAMING, "", 99, 5), 777, s);
        LiveRecord back = LiveRecord.decode(r.encode(json), codec.json());
        // field by field: the sparklines are a map whose key order is not part of the payload
        com.fasterxml.jackson.databind.JsonNode a = json.valueToTree(back.snapshot());
        com.fasterxml.jackson.databind.JsonNode b = json.valueToTree(s);
        b.fieldNames().forEachRemaining(f -> {
            if (!f.equals("sparklines")) {
                assertThat(a.get(f).toString()).as(f).isEqualTo(b.get(f).toString());
            }
        });
        assertThat(back.snapshot().sparklines()).isEqualTo(s.sparklines());
        assertThat(back.cursors().get(StreamChannel.MARKET)).isEqualTo(new Cursor("17-3", 1233));
        assertThat(back.cursors().get(StreamChannel.ALERTS)).isEqualTo(Cursor.START);
        assertThat(back.status()).isEqualTo(r.status());
        assertThat(back.seq()).isEqualTo(1234);
        assertThat(back.epoch()).isEqualTo(4);
    }

    @Test
    void entriesRoundTripAndBadOnesAreNamed() {
        StreamRecord r = new StreamRecord(StreamChannel.INDEX, 3, 10, 8, 2, 1_700_000_000_000L, "[]");
        assertThat(r.fields().keySet()).containsExactly("epoch", "seq", "prev", "parts", "ts", "data");
        assertThat(StreamRecord.decode(StreamChannel.INDEX, r.fields())).isEqualTo(r);
        Map<String, String> noSeq = new java.util.HashMap<>(r.fields());
        noSeq.remove("seq");
        assertThatThrownBy(() -> StreamRecord.decode(StreamChannel.INDEX, noSeq)).hasMessage("stream entry without 'seq'");
        Map<String, String> badPrev = new java.util.HashMap<>(r.fields());
        badPrev.put("prev", "x");
        assertThatThrownBy(() -> StreamRecord.decode(StreamChannel.INDEX, badPrev))
                .hasMessage("stream entry field 'prev' is not a number: 'x'");
        assertThatThrownBy(() -> new StreamRecord(StreamChannel.INDEX, 3, 10, 10, 1, 0, "[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamRecord(StreamChannel.INDEX, 3, 10, 9, 6, 0, "[]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamIdsOrderNumerically() {
        assertThat(TailJoin.compareIds("10-0", "9-5")).isPositive();
        assertThat(TailJoin.compareIds("10-2", "10-10")).isNegative();
        assertThat(TailJoin.compareIds("0-0", "0-0")).isZero();
    }
}
