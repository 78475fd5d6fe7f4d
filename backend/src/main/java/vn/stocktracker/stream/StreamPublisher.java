package vn.stocktracker.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;
import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.source.SourceStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The collector's publisher: takes every publish of the processor (off its thread, through a bounded
 * queue), writes its parts to the streams in one Lua call that first checks the collector still holds
 * the lease (fencing), and about once a second writes the {@link LiveRecord} (snapshot and cursors).
 * Redis away: publishes are counted as unpublished and their chains move on, so replicas notice the hole;
 * after reconnecting a fresh record comes first.
 */
public final class StreamPublisher implements Consumer<FeedUpdate>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPublisher.class);
    private static final long RECORD_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * KEYS[1] lease, KEYS[2..] streams; ARGV: token, maxlen, seq, parts, ts, then per stream prev and data.
     * Returns the new ids, or an error starting FENCED.
     */
    private static final String PUBLISH = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED the lease is not ours') end
            local ids = {}
            for i = 2, #KEYS do
              local b = 6 + (i - 2) * 2
              ids[i - 1] = redis.call('XADD', KEYS[i], 'MAXLEN', '~', ARGV[2], '*', 'epoch', ARGV[1], 'seq', ARGV[3],
                'prev', ARGV[b], 'parts', ARGV[4], 'ts', ARGV[5], 'data', ARGV[b + 1])
            end
            return ids""";
    /** KEYS[1] lease, KEYS[2] the live record; ARGV token, record. */
    private static final String RECORD = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED the lease is not ours') end
            redis.call('SET', KEYS[2], ARGV[2])
            return 1""";

    private record Item(long seq, MarketChanges changes) {
    }

    private final RedisLink link;
    private final Supplier<LiveState> live;
    private final ChangeCodec codec;
    private final int maxLen;
    private final String collector;
    private final String sourceName;
    private final Supplier<SourceStatus> status;
    private final Runnable onFenced;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(65_536);
    private final Counter published;
    private final Counter unpublished;
    private final AtomicLong unpublishedCount = new AtomicLong();
    private final Counter records;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long wantedEpoch;
    private volatile boolean up;
    private volatile String error = "not connected yet";
    private volatile long lastSeq;
    // publisher thread
    private Jedis jedis;
    private StreamChains chains;
    private long handled;
    private boolean recordDue = true;

    public StreamPublisher(RedisLink link, Supplier<LiveState> live, ChangeCodec codec, int maxLen, String collector,
                           String sourceName, Supplier<SourceStatus> status, MeterRegistry registry, Runnable onFenced) {
        this.link = link;
        this.live = live;
        this.codec = codec;
        this.maxLen = maxLen;
        this.collector = collector;
        this.sourceName = sourceName;
        this.status = status;
        this.onFenced = onFenced;
        this.published = Counter.builder("tracker_stream_published").description("publishes written to the streams").register(registry);
        this.unpublished = Counter.builder("tracker_stream_unpublished")
                .description("publishes not written to the streams (Redis away, queue full); the database has them").register(registry);
        this.records = Counter.builder("tracker_stream_snapshots").description("live records written").register(registry);
        registry.gauge("tracker_stream_queue_depth", queue, BlockingQueue::size);
        this.thread = Thread.ofPlatform().name("stream-publisher").daemon(true).unstarted(this::run);
    }

    /** Starts publishing as the holder of fencing token {@code epoch}; called again with a new token. */
    public void activate(long epoch) {
        wantedEpoch = epoch;
        if (!thread.isAlive() && running) {
            thread.start();
        }
    }

    /** The processor's thread: never blocks. */
    @Override
    public void accept(FeedUpdate update) {
        if (update instanceof FeedUpdate.Changes c && !queue.offer(new Item(c.seq(), c.changes()))) {
            countUnpublished();
        }
    }

    public boolean up() {
        return up;
    }

    public String error() {
        return error;
    }

    /** Publishes that did not reach the streams (the database has their rows). */
    public long unpublished() {
        return unpublishedCount.get();
    }

    /** The seq of the last publish written. */
    public long lastSeq() {
        return lastSeq;
    }

    public long epoch() {
        return chains == null ? 0 : chains.epoch();
    }

    private void countUnpublished() {
        unpublished.increment();
        unpublishedCount.incrementAndGet();
    }

    private void run() {
        long nextRecord = System.nanoTime();
        String lastError = null;
        while (running) {
            Item item = null;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
            try {
                if (jedis == null) {
                    jedis = link.connect(2_000);
                    recordDue = true;
                }
                if (chains == null || chains.epoch() != wantedEpoch) {
                    chains = new StreamChains(wantedEpoch, lastIds(jedis));
                    recordDue = true;
                    LOG.info("publishing to the Redis streams as epoch {}", wantedEpoch);
                }
                if (item != null) {
                    // before any record: writing one catches up with the queue, which holds only later publishes
                    Item it = item;
                    item = null;
                    publish(it);
                }
                if (recordDue) {
                    writeRecord(); // at once, so replicas that saw a hole find a snapshot past it
                }
                if (System.nanoTime() >= nextRecord) {
                    writeRecord();
                    nextRecord = System.nanoTime() + RECORD_EVERY_NANOS;
                }
                if (!up) {
                    LOG.info("stream publisher: redis is up");
                }
                up = true;
                error = "";
                lastError = null;
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).startsWith("FENCED")) {
                    long held = chains == null ? 0 : chains.epoch();
                    if (newEpochWithin(held, 500)) {
                        // this collector took the lease again (it lapsed while Redis was away) and its new
                        // token reached the lease key before it reached us: go on as that epoch
                        LOG.info("stream publisher: the lease was taken again by this collector (token {}); publishing as that epoch",
                                wantedEpoch);
                        recordDue = true;
                        continue;
                    }
                    LOG.error("stream publisher: the lease is held by another collector; stopping");
                    running = false;
                    onFenced.run();
                    break;
                }
                lost(item, e, lastError);
                lastError = RedisLink.message(e);
            } catch (RuntimeException e) {
                lost(item, e, lastError);
                lastError = RedisLink.message(e);
                sleep(200);
            }
        }
        RedisLink.closeQuietly(jedis);
    }

    /** Whether {@link #activate} gives a token other than {@code held} within {@code ms}. */
    private boolean newEpochWithin(long held, long ms) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (wantedEpoch == held && System.nanoTime() < until) {
            sleep(20);
        }
        return wantedEpoch != held;
    }

    private void lost(Item item, RuntimeException e, String lastError) {
        if (item != null) {
            skip(item);
        }
        RedisLink.closeQuietly(jedis);
        jedis = null;
        up = false;
        error = RedisLink.message(e);
        if (!error.equals(lastError)) {
            LOG.warn("stream publisher: redis unavailable ({}); counting unpublished changes", error);
        }
        // what queued meanwhile is not published either (the database has it): the chains move on
        for (Item it; (it = queue.poll()) != null; ) {
            skip(it);
        }
    }

    private void skip(Item it) {
        if (chains != null) {
            chains.next(it.seq(), it.changes().ts(), codec.encode(it.changes()));
        }
        handled = Math.max(handled, it.seq());
        countUnpublished();
    }

    private Map<StreamChannel, String> lastIds(Jedis j) {
        Map<StreamChannel, String> ids = new EnumMap<>(StreamChannel.class);
        for (StreamChannel c : StreamChannel.values()) {
            List<StreamEntry> last = j.xrevrange(c.key(), "+", "-", 1);
            if (!last.isEmpty()) {
                ids.put(c, last.getFirst().getID().toString());
            }
        }
        return ids;
    }

    private void publish(Item it) {
        Map<StreamChannel, String> parts = codec.encode(it.changes());
        List<StreamRecord> recs = chains.next(it.seq(), it.changes().ts(), parts);
        handled = Math.max(handled, it.seq());
        List<String> keys = new ArrayList<>(recs.size() + 1);
        List<String> args = new ArrayList<>(5 + 2 * recs.size());
        keys.add(CollectorLease.KEY);
        args.add(Long.toString(chains.epoch()));
        args.add(Integer.toString(maxLen));
        args.add(Long.toString(it.seq()));
        args.add(Integer.toString(recs.size()));
        args.add(Long.toString(it.changes().ts()));
        for (StreamRecord r : recs) {
            keys.add(r.channel().key());
            args.add(Long.toString(r.prev()));
            args.add(r.data());
        }
        try {
            @SuppressWarnings("unchecked")
            List<Object> ids = (List<Object>) jedis.eval(PUBLISH, keys, args);
            for (int i = 0; i < recs.size(); i++) {
                chains.written(recs.get(i).channel(), String.valueOf(ids.get(i)));
            }
        } catch (RuntimeException e) {
            countUnpublished(); // the chains moved on already
            throw e;
        }
        published.increment();
        lastSeq = it.seq();
    }

    /** The snapshot at the seq of the last publish written, with the cursors after it. */
    private void writeRecord() {
        LiveState s = live.get();
        for (int rounds = 0; handled < s.seq(); rounds++) {
            Item next;
            try {
                next = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                break; // lost to a full queue: the record covers it
            }
            publish(next);
            if (handled > s.seq()) {
                s = live.get(); // the state moved on while we caught up: describe a later one
            }
            if (rounds > 10_000) {
                return; // the processor outruns us; try again in a second
            }
        }
        if (handled > s.seq()) {
            return;
        }
        LiveRecord r = new LiveRecord(chains.epoch(), s.seq(), chains.cursors(), collector, sourceName, status.get(),
                System.currentTimeMillis(), s.snapshot());
        jedis.eval(RECORD, List.of(CollectorLease.KEY, LiveRecord.KEY), List.of(Long.toString(chains.epoch()), r.encode(codec.json())));
        records.increment();
        recordDue = false;
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
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
