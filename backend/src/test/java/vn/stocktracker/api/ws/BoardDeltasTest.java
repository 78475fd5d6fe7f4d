package vn.stocktracker.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.stocktracker.api.Json;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.sim.MarketSimulator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoardDeltasTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Instruments INSTRUMENTS = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));
    private static final long T0 = 1_764_555_300_000L;

    /** The simulated market through the real processor, drained every {@code every} events. */
    private static List<MarketChanges> market(MarketProcessor p, MarketSimulator sim, int drains, int every) {
        List<MarketChanges> out = new ArrayList<>();
        long ts = T0;
        for (int d = 0; d < drains; d++) {
            int events = 0;
            while (events < every) {
                events += sim.step(ts++, TradingSession.CONTINUOUS, p::apply);
            }
            out.add(p.drainChanges());
        }
        return out;
    }

    @Test
    void aClientMergingEveryDeltaIntoItsSnapshotHoldsTheProcessorsRowsExactly() {
        MarketProcessor p = new MarketProcessor(INSTRUMENTS, ProcessorOutput.NONE);
        MarketSimulator sim = new MarketSimulator(7, INSTRUMENTS);
        market(p, sim, 5, 500); // a market in full swing
        MarketSnapshot start = p.snapshot();
        BoardDeltas board = new BoardDeltas(JSON);
        List<Object> rows = new ArrayList<>(start.stocks());
        rows.add(start.futures());
        board.reset(rows);
        // the client's snapshot: the board's rows
        Map<String, ObjectNode> client = new HashMap<>();
        for (Object r : rows) {
            ObjectNode n = JSON.valueToTree(r);
            client.put(n.get("symbol").asText(), board.current(n.get("symbol").asText()));
        }
        long fullBytes = 0;
        long deltaBytes = 0;
        for (MarketChanges ch : market(p, sim, 40, 250)) {
            for (StockView v : ch.stocks()) {
                ObjectNode delta = board.next(v);
                assertThat(delta.has("symbol") && delta.has("ts")).as("symbol and ts are always there: %s", delta).isTrue();
                client.merge(v.symbol(), delta, (row, d) -> BoardDeltas.merge(row, d));
                fullBytes += JSON.valueToTree(v).toString().length();
                deltaBytes += delta.toString().length();
            }
            if (ch.futures() != null) {
                client.merge(ch.futures().symbol(), board.next(ch.futures()), (row, d) -> BoardDeltas.merge(row, d));
            }
        }
        MarketSnapshot end = p.snapshot();
        for (StockView v : end.stocks()) {
            assertThat((JsonNode) client.get(v.symbol())).as(v.symbol()).isEqualTo(JSON.valueToTree(v));
        }
        assertThat((JsonNode) client.get(end.futures().symbol())).isEqualTo(JSON.valueToTree(end.futures()));
        // and the point of it: updates are well under the size of whole rows
        assertThat(deltaBytes).as("delta bytes vs whole rows (%d)", fullBytes).isLessThan(fullBytes * 8 / 10);
    }

    @Test
    void aDeltaHoldsOnlyWhatChangedAndBooksWhole() {
        BoardDeltas board = new BoardDeltas(JSON);
        StockView a = view(23_000, 100, List.of(level(22_950, 1_000), level(22_900, 2_000), level(22_850, 500)));
        board.reset(List.of(a));
        StockView b = view(23_050, 200, List.of(level(22_950, 900), level(22_900, 2_000), level(22_850, 500)));
        ObjectNode delta = board.next(b);
        List<String> fields = new ArrayList<>();
        delta.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("symbol", "ts", "last", "totalVol", "bids");
        assertThat(delta.get("bids")).hasSize(3);
        ObjectNode again = board.next(b);
        List<String> none = new ArrayList<>();
        again.fieldNames().forEachRemaining(none::add);
        assertThat(none).as("nothing changed: the row's key and time only").containsExactly("symbol", "ts");
        assertThat(board.next(view(1, 1, List.of())).has("exchange")).isFalse();
        BoardDeltas empty = new BoardDeltas(JSON);
        assertThat(empty.next(a).has("exchange")).as("a row not held yet is sent whole").isTrue();
    }

    private static vn.stocktracker.market.PriceLevel level(long price, long volume) {
        return new vn.stocktracker.market.PriceLevel(price, volume);
    }

    private static StockView view(long last, long totalVol, List<vn.stocktracker.market.PriceLevel> bids) {
        return new StockView("FPT", "HOSE", "continuous", T0, 23_000, 24_600, 21_400, 23_000, 23_100, 22_900, last, 0, 0.0,
                totalVol, 0, bids, List.of(), 0, 0, 0, "buy", 100);
    }
}
