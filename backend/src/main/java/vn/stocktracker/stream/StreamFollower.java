package vn.stocktracker.stream;

import vn.stocktracker.source.SourceThread;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;
import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An API replica's live market: loads the collector's {@link LiveRecord}, reads every stream after its
 * cursors (XREAD, each replica on its own: every replica reads every entry) and applies whole publishes
 * in seq order ({@link TailJoin}); the record is read again every second for the day's analysis and to
 * check nothing was missed. When the join breaks (trimmed, not published, a new collector) or Redis
 * comes back after being away, it starts again from the record and tells its listeners with a
 * {@link FeedUpdate.Reset}. Its {@link #status()} is the collector's source status, or says why the
 * numbers are not live (Redis unreachable, no collector publishing).
 */
public final class StreamFollower implements MarketFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFollower.class);
    /** The collector writes its record every second; this long without one, it is gone. */
    static final long COLLECTOR_SILENT_MS = 5_000;
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How long a rejoin waits for a record at or past the seq its clients already have, rather than take
     * them back to an older state (a new collector's first publishes reach the streams before its first
     * record; after Redis was away the old record is there until the collector writes a fresh one).
     */
    static final long REJOIN_WAIT_MS = 5_000;

    private final RedisLink link;
    private final ChangeCodec codec;
    private final AtomicReference<LiveState> state = new AtomicReference<>(LiveState.EMPTY);
    private final List<Consumer<FeedUpdate>> listeners = new CopyOnWriteArrayList<>();
    private final Counter resyncs;
    private final Counter applied;
    private final Timer hop;
    private final SourceThread thread = new SourceThread("stream-follower");
    private volatile boolean redisUp;
    private volatile String error = "not connected yet";
    private volatile LiveRecord latest;
    private volatile String lastResync = "";
    private volatile long eventsOut;
    private volatile long lastChangeMs;
    // follower thread
    private Jedis jedis;
    private volatile TailJoin join;
    private long nextCheck;
    private long waitingSince; // nanoTime a rejoin started waiting for a record that does not go back; 0: not waiting

    public StreamFollower(RedisLink link, ChangeCodec codec, MeterRegistry registry) {
        this.link = link;
        this.codec = codec;
        this.resyncs = Counter.builder("tracker_stream_resyncs").description("joins started again from the collector's snapshot").register(registry);
        this.applied = Counter.builder("tracker_stream_applied").description("publishes applied from the streams").register(registry);
        // Redis stamps an entry's id with its own clock when XADD runs; replicas share that host's clock in the
        // stack, so this is the Redis hop itself: the collector's XADD to this replica's blocking read returning.
        this.hop = Timer.builder("tracker_stream_hop").description("from XADD (the entry id's time) to this replica's read, tail reads only")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void start() {
        thread.start(this::run);
    }

    @Override
    public LiveState current() {
        return state.get();
    }

    @Override
    public void subscribe(Consumer<FeedUpdate> listener) {
        listeners.add(listener);
    }

    public boolean redisUp() {
        return redisUp;
    }

    public String error() {
        return error;
    }

    /** Whether the replica holds a joined state (loaded a record and follows the streams). */
    public boolean joined() {
        return redisUp && join != null && join.broken() == null;
    }

    @Override
    public SourceStatus status() {
        LiveRecord r = latest;
        if (!redisUp) {
            return new SourceStatus(SourceState.RECONNECTING, "redis unreachable (" + error + "); the board is not live",
                    eventsOut, lastChangeMs);
        }
        if (r == null) {
            return new SourceStatus(SourceState.CONNECTING, "waiting for the collector's first snapshot in Redis", 0, 0);
        }
        long silent = System.currentTimeMillis() - r.publishedMs();
        if (silent > COLLECTOR_SILENT_MS) {
            return new SourceStatus(SourceState.RECONNECTING, "no collector has published for " + silent / 1000
                    + " s; the board is not live", eventsOut, lastChangeMs);
        }
        SourceStatus s = r.status() == null ? new SourceStatus(SourceState.STREAMING, "", 0, 0) : r.status();
        return new SourceStatus(s.state(), s.detail(), s.eventsOut(), s.lastEventMs());
    }

    /** What /health shows of the streams. */
    public Map<String, Object> health() {
        LiveRecord r = latest;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("joined", joined());
        m.put("seq", state.get().seq());
        m.put("epoch", join == null ? 0 : join.epoch());
        m.put("collector", r == null ? null : r.collector());
        m.put("collectorSeq", r == null ? 0 : r.seq());
        m.put("recordAgeMs", r == null ? null : System.currentTimeMillis() - r.publishedMs());
        m.put("resyncs", (long) resyncs.count());
        if (!lastResync.isEmpty()) {
            m.put("lastResync", lastResync);
        }
        return m;
    }

    private void run() {
        String lastError = null;
        while (thread.running()) {
            try {
                if (jedis == null) {
                    jedis = link.connect(3_000);
                    join = null; // whatever happened meanwhile: start again from the record
                    if (!redisUp) {
                        LOG.info("stream follower: redis is up");
                    }
                }
                redisUp = true;
                error = "";
                lastError = null;
                if (join == null || join.broken() != null) {
                    if (!rejoin()) {
                        sleep(waitingSince != 0 ? 50 : 250);
                        continue;
                    }
                }
                read();
                if (System.nanoTime() >= nextCheck) {
                    nextCheck = System.nanoTime() + RECHECK_NANOS;
                    recheck();
                }
            } catch (RuntimeException e) {
                RedisLink.closeQuietly(jedis);
                jedis = null;
                redisUp = false;
                error = RedisLink.message(e);
                if (!error.equals(lastError)) {
                    LOG.warn("stream follower: redis unavailable ({}); the board is not live until it is back", error);
                    lastError = error;
                }
                sleep(250);
            }
        }
        RedisLink.closeQuietly(jedis);
    }

    /** Loads the record and starts following after it; false when there is none yet. */
    private boolean rejoin() {
        String why = join == null ? "start" : join.broken();
        String text = jedis.get(LiveRecord.KEY);
        if (text == null) {
            return false;
        }
        LiveRecord r = LiveRecord.decode(text, codec.json());
        latest = r;
        long held = state.get().seq();
        if (r.seq() < held) {
            // the clients hold a later state than this record: joining now would take their boards back
            long now = System.nanoTime();
            if (waitingSince == 0) {
                waitingSince = now;
                LOG.info("stream follower: {}; waiting for a record at seq {} or later (the collector's is at {}, epoch {})", why, held, r.seq(), r.epoch());
            }
            if (now - waitingSince < TimeUnit.MILLISECONDS.toNanos(REJOIN_WAIT_MS)) {
                return false;
            }
            LOG.warn("stream follower: no record at seq {} or later within {} ms; joining at {} (the clients' boards go back)", held, REJOIN_WAIT_MS, r.seq());
        }
        waitingSince = 0;
        join = TailJoin.of(r);
        nextCheck = System.nanoTime() + RECHECK_NANOS;
        LiveState s = new LiveState(r.snapshot(), r.seq());
        state.set(s);
        resyncs.increment();
        lastResync = why;
        LOG.info("stream follower joined collector {} epoch {} at seq {} ({})", r.collector(), r.epoch(), r.seq(), why);
        emit(new FeedUpdate.Reset(r.snapshot(), r.seq()));
        return true;
    }

    private static final int COUNT = 1_000;

    private void read() {
        read(true);
        apply();
    }

    /** One XREAD after the cursors; true when some stream returned a full COUNT (more may be there). */
    private boolean read(boolean block) {
        Map<String, StreamEntryID> from = new LinkedHashMap<>();
        join.readFrom().forEach((c, id) -> from.put(c.key(), new StreamEntryID(id)));
        XReadParams params = XReadParams.xReadParams().count(COUNT);
        List<Map.Entry<String, List<StreamEntry>>> got = jedis.xread(block ? params.block(500) : params, from);
        boolean more = false;
        if (got != null) {
            for (Map.Entry<String, List<StreamEntry>> stream : got) {
                StreamChannel c = StreamChannel.ofKey(stream.getKey());
                for (StreamEntry e : stream.getValue()) {
                    StreamRecord r;
                    try {
                        r = StreamRecord.decode(c, e.getFields());
                    } catch (IllegalArgumentException bad) {
                        LOG.warn("stream {} entry {} unreadable ({}); starting again from the snapshot", c.wire(), e.getID(), bad.getMessage());
                        join = null;
                        return false;
                    }
                    if (block) {
                        hop.record(Math.max(0, System.currentTimeMillis() - e.getID().getTime()), TimeUnit.MILLISECONDS);
                    }
                    join.offer(e.getID().toString(), r);
                }
                more |= stream.getValue().size() >= COUNT;
            }
        }
        return more;
    }

    private void apply() {
        if (join == null) {
            return;
        }
        MarketSnapshot snap = state.get().snapshot();
        for (TailJoin.Publish p : join.drain()) {
            MarketChanges ch = codec.decode(p.ts(), p.parts());
            snap = LiveSnapshots.apply(snap, ch);
            state.set(new LiveState(snap, p.seq()));
            applied.increment();
            eventsOut++;
            lastChangeMs = System.currentTimeMillis();
            emit(new FeedUpdate.Changes(ch, p.seq()));
        }
        if (join.broken() != null) {
            LOG.info("stream follower: {}; starting again from the collector's snapshot", join.broken());
        }
    }

    /** The record again: the day's analysis, and whether anything was missed. */
    private void recheck() {
        String text = jedis.get(LiveRecord.KEY);
        if (text == null) {
            return;
        }
        LiveRecord r = LiveRecord.decode(text, codec.json());
        latest = r;
        // every stream to its end, after the record: what is still missing then never comes
        for (int i = 0; i < 100 && join != null && read(false); i++) {
            apply();
        }
        apply();
        if (join == null) {
            return;
        }
        join.check(r, true);
        if (join.broken() != null) {
            LOG.info("stream follower: {}; starting again from the collector's snapshot", join.broken());
            return;
        }
        LiveState s = state.get();
        if (r.seq() == s.seq()) {
            state.set(new LiveState(r.snapshot(), r.seq()));
        } else if (r.seq() < s.seq()) {
            state.set(new LiveState(LiveSnapshots.withAnalysisOf(s.snapshot(), r.snapshot()), s.seq()));
        }
    }

    private void emit(FeedUpdate u) {
        for (Consumer<FeedUpdate> l : listeners) {
            try {
                l.accept(u);
            } catch (RuntimeException e) {
                LOG.warn("feed listener failed", e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.stop(Duration.ofMillis(4_000));
    }
}
