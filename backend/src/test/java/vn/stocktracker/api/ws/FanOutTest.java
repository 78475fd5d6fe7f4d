package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import vn.stocktracker.api.Json;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.source.sim.MarketSimulator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out with a real processor and simulated market, clients on sockets that write when the test
 * says: whatever pace a client reads at, merging what it received gives exactly the processor's rows;
 * a slow client gets fewer messages, not older ones.
 */
class FanOutTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Instruments INSTRUMENTS = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));

    private final MarketProcessor processor = new MarketProcessor(INSTRUMENTS, ProcessorOutput.NONE);
    private final MarketSimulator sim = new MarketSimulator(11, INSTRUMENTS);
    private final ManualFeed feed = new ManualFeed(processor);
    private final WsMetrics metrics = new WsMetrics(new SimpleMeterRegistry(), c -> 0);
    private final FanOut fanOut = new FanOut(feed, JSON, Clock.systemUTC(), metrics, TimeUnit.SECONDS.toNanos(10));
    private long ts = 1_764_555_300_000L;

    FanOutTest() {
        feed.subscribe(fanOut);
    }

    private void trade(int events) {
        for (int n = 0; n < events; ) {
            n += sim.step(ts++, TradingSession.CONTINUOUS, processor::apply);
        }
    }

    private record Client(ClientSession session, FakeTransport socket) {
    }

    private Client connect(Channel channel) {
        FakeTransport socket = new FakeTransport();
        ClientSession s = new ClientSession(channel, socket, metrics, System::nanoTime, fanOut::writable);
        fanOut.join(s, false, null);
        return new Client(s, socket);
    }

    /** Writes everything still in flight and sends the catch-ups that frees, until nothing is left. */
    private void drain(List<Client> clients) {
        for (int round = 0; round < 100; round++) {
            clients.forEach(c -> c.socket().writeAll());
            fanOut.runPending();
            if (clients.stream().allMatch(c -> c.socket().inFlight() == 0 && !c.session().behind())) {
                return;
            }
        }
        throw new AssertionError("clients did not catch up");
    }

    /** A client's rows after merging everything it received (API.md: row = {...row, ...delta}). */
    private static Map<String, JsonNode> board(FakeTransport socket, String... arrays) {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode msg : socket.received) {
            boolean snapshot = msg.get("type").asText().equals("snapshot");
            for (String array : arrays) {
                JsonNode d = msg.path("data").path(array);
                List<JsonNode> items = d.isArray() ? List.copyOf(toList(d)) : d.isObject() ? List.of(d) : List.of();
                for (JsonNode row : items) {
                    String symbol = row.get("symbol").asText();
                    JsonNode held = rows.get(symbol);
                    ObjectNode merged = held == null || snapshot ? row.deepCopy() : held.deepCopy();
                    if (held != null && !snapshot) {
                        row.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                    }
                    rows.put(symbol, merged);
                }
            }
        }
        return rows;
    }

    /** A view as a client parses it (numbers typed as parsed, so trees compare equal). */
    private static JsonNode tree(Object view) {
        try {
            return JSON.readTree(JSON.writeValueAsString(view));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void everyClientHoldsTheProcessorsRowsWhateverItsPace() {
        trade(2_000);
        feed.publish();
        Client fast = connect(Channel.MARKET);
        Client slow = connect(Channel.MARKET);
        Client stuck = connect(Channel.MARKET);
        List<Client> all = List.of(fast, slow, stuck);
        Random rnd = new Random(3);
        for (int cycle = 0; cycle < 300; cycle++) {
            trade(50 + rnd.nextInt(200));
            feed.publish();
            fanOut.runPending();
            fast.socket().writeAll();
            if (rnd.nextInt(5) == 0) {
                slow.socket().writeOne();
            }
            if (cycle == 250) {
                stuck.socket().writeAll(); // reads again after 250 cycles of nothing
            }
        }
        drain(all);
        MarketSnapshot end = processor.snapshot();
        for (Client c : all) {
            Map<String, JsonNode> rows = board(c.socket(), "stocks", "futures");
            for (StockView v : end.stocks()) {
                assertThat(rows.get(v.symbol())).as(v.symbol()).isEqualTo(tree(v));
            }
            assertThat(rows.get(end.futures().symbol())).isEqualTo(tree(end.futures()));
        }
        assertThat(slow.socket().received.size()).as("the slow client got fewer messages")
                .isLessThan(fast.socket().received.size() / 2);
        assertThat(stuck.socket().received.size()).isLessThan(10);
        assertThat(metrics.conflated.count()).isPositive();
        assertThat(metrics.catchUps.count()).isPositive();
    }

    /**
     * The feed publishes while the fan-out is admitting the first client (its snapshot being sent: taken
     * from the joins, not yet among the clients). Those changes must still reach it: they once looked
     * like "nobody there", were dropped, and the board was taken again from the feed under the client,
     * so the fields they changed never came (ScaledIT saw it on every run on an API replica).
     */
    @Test
    void changesPublishedWhileTheFirstClientIsAdmittedReachIt() {
        trade(500);
        feed.publish();
        FakeTransport socket = new FakeTransport();
        socket.duringNextSend = () -> {
            trade(300);
            feed.publish();
        };
        ClientSession s = new ClientSession(Channel.MARKET, socket, metrics, System::nanoTime, fanOut::writable);
        fanOut.join(s, false, null);
        fanOut.runPending();
        Client c = new Client(s, socket);
        for (int i = 0; i < 5; i++) {
            trade(100);
            feed.publish();
            fanOut.runPending();
            socket.writeAll();
        }
        drain(List.of(c));
        Map<String, JsonNode> rows = board(socket, "stocks", "futures");
        for (StockView v : processor.snapshot().stocks()) {
            assertThat(rows.get(v.symbol())).as(v.symbol()).isEqualTo(tree(v));
        }
    }

    @Test
    void sequenceNumbersOnlyGrowAndTheSnapshotPrecedesItsFirstUpdate() {
        trade(500);
        feed.publish();
        Client c = connect(Channel.MARKET);
        for (int i = 0; i < 20; i++) {
            trade(100);
            feed.publish();
            fanOut.runPending();
            c.socket().writeAll();
        }
        List<JsonNode> got = c.socket().received;
        assertThat(got.get(0).get("type").asText()).isEqualTo("snapshot");
        long last = got.get(0).get("seq").asLong();
        assertThat(last).as("the state the client joined at, followed by one update per later state")
                .isEqualTo(feed.current().seq() - (got.size() - 1));
        assertThat(got).hasSizeGreaterThan(15);
        for (JsonNode m : got.subList(1, got.size())) {
            assertThat(m.get("type").asText()).isEqualTo("update");
            assertThat(m.get("seq").asLong()).isEqualTo(last + 1);
            last = m.get("seq").asLong();
        }
    }

    @Test
    void foreignAndIndexClientsAlsoEndWithTheLatestRows() {
        trade(2_000);
        feed.publish();
        Client foreign = connect(Channel.FOREIGN);
        Client index = connect(Channel.INDEX);
        for (int cycle = 0; cycle < 200; cycle++) {
            trade(100);
            feed.publish();
            fanOut.runPending();
            if (cycle % 7 == 0) {
                foreign.socket().writeOne();
                index.socket().writeOne();
            }
        }
        drain(List.of(foreign, index));
        MarketSnapshot end = processor.snapshot();
        Map<String, JsonNode> f = board(foreign.socket(), "foreign");
        for (ForeignView v : end.foreign()) {
            assertThat(f.get(v.symbol())).as(v.symbol()).isEqualTo(tree(v));
        }
        Map<String, JsonNode> i = board(index.socket(), "indices", "futures");
        for (IndexView v : end.indices()) {
            ObjectNode expected = (ObjectNode) tree(v.withoutSeries());
            ObjectNode held = ((ObjectNode) i.get(v.symbol())).deepCopy();
            held.remove("series");
            expected.remove("series");
            assertThat((JsonNode) held).as(v.symbol()).isEqualTo(expected);
        }
        assertThat(i.get(end.futures().symbol())).isEqualTo(tree(end.futures()));
    }

    @Test
    void aResetSendsEveryClientAFreshSnapshot() {
        trade(500);
        feed.publish();
        Client a = connect(Channel.MARKET);
        fanOut.runPending();
        a.socket().writeAll();
        trade(500);
        feed.reset();
        fanOut.runPending();
        a.socket().writeAll();
        List<JsonNode> got = a.socket().received;
        assertThat(got).extracting(m -> m.get("type").asText()).containsExactly("snapshot", "snapshot");
        assertThat(got.get(1).get("seq").asLong()).isEqualTo(2);
        assertThat(board(a.socket(), "stocks").get("FPT")).isEqualTo(tree(
                processor.snapshot().stocks().stream().filter(v -> v.symbol().equals("FPT")).findFirst().orElseThrow()));
    }

    @Test
    void aFilteredClientGetsOnlyItsSymbols() {
        trade(500);
        feed.publish();
        Client c = connect(Channel.MARKET);
        fanOut.join(c.session(), true, new java.util.LinkedHashSet<>(List.of("FPT", "VNM")));
        for (int i = 0; i < 30; i++) {
            trade(200);
            feed.publish();
            fanOut.runPending();
            c.socket().writeAll();
        }
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode m : c.socket().received.subList(1, c.socket().received.size())) {
            m.at("/data/stocks").forEach(r -> seen.add(r.get("symbol").asText()));
        }
        assertThat(seen).isNotEmpty().isSubsetOf("FPT", "VNM");
        assertThat(c.socket().received.get(1).get("symbols")).extracting(JsonNode::asText).containsExactly("FPT", "VNM");
    }
}
