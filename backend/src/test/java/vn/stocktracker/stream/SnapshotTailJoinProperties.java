package vn.stocktracker.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vn.stocktracker.api.Json;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.FuturesView;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot + tail, over random interleavings of a collector's publishes (some lost, as when Redis is
 * away or its queue overflows), snapshots, stream trims, collector takeovers, and a replica's joins,
 * partial reads of the streams in any order and checks: every publish the replica applies is the next
 * seq (no gap, no duplicate) and leaves it with exactly the collector's state at that seq; once the
 * collector has written its last snapshot, the replica catches up with it.
 */
class SnapshotTailJoinProperties {
    private static final List<String> SYMBOLS = List.of("ACB", "FPT", "HPG", "VNM", "VCB");
    private final ObjectMapper json = Json.mapper();
    private final ChangeCodec codec = new ChangeCodec(json);

    /** Redis streams in memory: ids "n-0" from one counter, MAXLEN-style trimming from the head. */
    private static final class Streams {
        final Map<StreamChannel, List<Map.Entry<String, StreamRecord>>> entries = new EnumMap<>(StreamChannel.class);
        long nextId = 1;

        Streams() {
            for (StreamChannel c : StreamChannel.values()) {
                entries.put(c, new ArrayList<>());
            }
        }

        String add(StreamRecord r) {
            String id = (nextId++) + "-0";
            // through the wire form, as XADD and XREAD would
            entries.get(r.channel()).add(Map.entry(id, StreamRecord.decode(r.channel(), r.fields())));
            return id;
        }

        void trim(StreamChannel c, int keep) {
            List<Map.Entry<String, StreamRecord>> l = entries.get(c);
            while (l.size() > keep) {
                l.removeFirst();
            }
        }

        List<Map.Entry<String, StreamRecord>> after(StreamChannel c, String id, int count) {
            List<Map.Entry<String, StreamRecord>> out = new ArrayList<>();
            for (Map.Entry<String, StreamRecord> e : entries.get(c)) {
                if (TailJoin.compareIds(e.getKey(), id) > 0 && out.size() < count) {
                    out.add(e);
                }
            }
            return out;
        }

        Map<StreamChannel, String> lastIds() {
            Map<StreamChannel, String> m = new EnumMap<>(StreamChannel.class);
            entries.forEach((c, l) -> {
                if (!l.isEmpty()) {
                    m.put(c, l.getLast().getKey());
                }
            });
            return m;
        }
    }

    /** The collector: its true state per seq, its chains and its record. */
    private final class Collector {
        final Streams streams;
        StreamChains chains;
        long epoch = 1;
        long seq;
        MarketSnapshot state = MarketSnapshot.EMPTY;
        final Map<Long, String> stateAt = new HashMap<>();
        String record;
        int lost;

        Collector(Streams streams) {
            this.streams = streams;
            this.chains = new StreamChains(epoch, streams.lastIds());
            stateAt.put(0L, digest(state));
        }

        void publish(int variant, boolean lose) {
            seq++;
            MarketChanges ch = changes(variant, seq);
            state = LiveSnapshots.apply(state, ch);
            stateAt.put(seq, digest(state));
            List<StreamRecord> recs = chains.next(seq, ch.ts(), codec.encode(ch));
            if (lose) {
                lost++;
                return;
            }
            for (StreamRecord r : recs) {
                chains.written(r.channel(), streams.add(r));
            }
        }

        void writeRecord() {
            record = new LiveRecord(epoch, seq, chains.cursors(), "c", "simulated",
                    new SourceStatus(SourceState.STREAMING, "", seq, seq), seq, state).encode(json);
        }

        /** A new collector takes over: same streams, a new epoch, its first record at once. */
        void takeOver() {
            epoch++;
            chains = new StreamChains(epoch, streams.lastIds());
            writeRecord();
        }
    }

    /** The replica: what it applied, checked at every step. */
    private final class Replica {
        TailJoin join;
        MarketSnapshot state;
        int joins;

        boolean rejoin(Collector c) {
            if (c.record == null) {
                return false;
            }
            LiveRecord r = LiveRecord.decode(c.record, codec.json());
            join = TailJoin.of(r);
            state = r.snapshot();
            joins++;
            assertThat(digest(state)).isEqualTo(c.stateAt.get(r.seq()));
            return true;
        }

        void read(Streams streams, List<StreamChannel> order, int count) {
            for (StreamChannel ch : order) {
                String from = join.readFrom().get(ch);
                for (Map.Entry<String, StreamRecord> e : streams.after(ch, from, count)) {
                    join.offer(e.getKey(), e.getValue());
                }
            }
        }

        void drain(Collector c) {
            long before = join.seq();
            for (TailJoin.Publish p : join.drain()) {
                assertThat(p.seq()).as("the next publish, no gap and no duplicate").isEqualTo(before + 1);
                before = p.seq();
                state = LiveSnapshots.apply(state, codec.decode(p.ts(), p.parts()));
                assertThat(digest(state)).as("the collector's state at seq %d", p.seq()).isEqualTo(c.stateAt.get(p.seq()));
            }
        }
    }

    @Property(tries = 400)
    void aReplicaAppliesEveryPublishOnceInOrderAndCatchesUp(
            @ForAll @Size(max = 250) List<@IntRange(min = 0, max = 999) Integer> steps,
            @ForAll @IntRange(min = 0, max = 25) int lossPercent) {
        Streams streams = new Streams();
        Collector collector = new Collector(streams);
        Replica replica = new Replica();
        for (int step : steps) {
            int kind = step % 100;
            int param = step / 100;
            if (kind < 40) {
                collector.publish(param, kind < lossPercent * 40 / 100);
            } else if (kind < 48) {
                collector.writeRecord();
            } else if (kind < 53) {
                streams.trim(StreamChannel.values()[param % 5], param % 4);
            } else if (kind < 55) {
                collector.takeOver();
            } else if (kind < 62) {
                if (replica.join == null || replica.join.broken() != null) {
                    replica.rejoin(collector);
                }
            } else if (replica.join != null && replica.join.broken() == null) {
                if (kind < 90) {
                    List<StreamChannel> order = new ArrayList<>(List.of(StreamChannel.values()));
                    java.util.Collections.rotate(order, param);
                    replica.read(streams, order.subList(0, 1 + param % 5), 1 + param % 3);
                    replica.drain(collector);
                } else if (collector.record != null) {
                    replica.join.check(LiveRecord.decode(collector.record, codec.json()), false);
                }
            }
        }
        // the collector writes its last record; the replica reads everything, checks, rejoins when it must
        collector.writeRecord();
        for (int round = 0; round < 20 && (replica.join == null || replica.join.broken() != null
                || replica.join.seq() < collector.seq); round++) {
            if (replica.join == null || replica.join.broken() != null) {
                replica.rejoin(collector);
            }
            replica.read(streams, List.of(StreamChannel.values()), Integer.MAX_VALUE);
            replica.drain(collector);
            replica.join.check(LiveRecord.decode(collector.record, codec.json()), true);
        }
        assertThat(replica.join.broken()).isNull();
        assertThat(replica.join.seq()).isEqualTo(collector.seq);
        assertThat(digest(replica.state)).isEqualTo(collector.stateAt.get(collector.seq));
    }

    /** A publish touching one to five streams, chosen by {@code variant}; rows carry the seq they changed at. */
    private static MarketChanges changes(int variant, long seq) {
        int v = variant % 31 + 1; // a non-empty subset of the five streams
        List<StockView> stocks = new ArrayList<>();
        List<ForeignView> foreign = new ArrayList<>();
        FuturesView futures = null;
        List<Alert> alerts = new ArrayList<>();
        String sym = SYMBOLS.get((int) ((seq + variant) % SYMBOLS.size()));
        if ((v & 1) != 0) {
            stocks.add(stock(sym, seq));
            stocks.add(stock(SYMBOLS.get((int) (seq % SYMBOLS.size())), seq));
        }
        if ((v & 2) != 0) {
            foreign.add(new ForeignView(sym, seq, 1_000, 900 - seq, seq, 0, seq * 10, 0, seq, seq * 10, 0.5, 0.1));
        }
        List<vn.stocktracker.market.IndexView> indices = new ArrayList<>();
        if ((v & 4) != 0) {
            indices.add(new vn.stocktracker.market.IndexView("VN30", "continuous", seq, 1_300 + seq, 1_300, seq, 0.1,
                    seq, seq, 1, 2, 3, 0, 0, List.of()));
        }
        if ((v & 8) != 0) {
            futures = new FuturesView("VN30F2512", "HNXDS", "continuous", seq, 1_300, 1_400, 1_200, 1_300, 1_310,
                    1_290, 1_300 + seq, seq, 0.1, seq, seq, List.of(), List.of(), 0, 0, 0, "buy", 1, "VN30", 1_300, 1,
                    0.1, "premium", null, List.of());
        }
        if ((v & 16) != 0) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("seq", seq);
            alerts.add(new Alert("vs-" + sym + "-" + seq, "volume_spike", "warning", sym, "spike", seq, data));
        }
        return new MarketChanges(seq, stocks, foreign, indices, futures, alerts);
    }

    private static StockView stock(String symbol, long seq) {
        return new StockView(symbol, "HOSE", "continuous", seq, 100, 107, 93, 100, 101, 99, 100 + seq % 7, seq % 7,
                0.5, seq * 100, seq * 10_000, List.of(), List.of(), seq, 0, 0, "buy", 100);
    }

    private String digest(MarketSnapshot s) {
        try {
            return json.writeValueAsString(List.of(s.stocks(), s.foreign(), s.indices(), String.valueOf(s.futures()),
                    s.alerts()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
