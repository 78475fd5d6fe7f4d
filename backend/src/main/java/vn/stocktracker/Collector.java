package vn.stocktracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import vn.stocktracker.config.AppConfig;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.store.BatchWriter;
import vn.stocktracker.store.Retention;
import vn.stocktracker.stream.ChangeCodec;
import vn.stocktracker.stream.CollectorLease;
import vn.stocktracker.stream.LiveRecord;
import vn.stocktracker.stream.RedisLink;
import vn.stocktracker.stream.StreamPublisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Role {@code collector}: waits as a standby until it holds the {@link CollectorLease}, then starts the
 * writer, the processor, the source and the {@link StreamPublisher}, numbering its publishes after the
 * predecessor's last seq (read from the {@link LiveRecord}), so sequence numbers never go back.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final Pipeline pipeline;
    private final BatchWriter writer;
    private final MarketDataSource source;
    private final DayRecovery dayRecovery;
    private final Retention retention;
    private final RedisLink link;
    private final ObjectMapper json;
    private final CollectorLease lease;
    private final StreamPublisher publisher;
    private volatile boolean active;
    private volatile Runnable fenced = () -> { };
    private volatile long startedAfter;

    Collector(AppConfig config, ObjectMapper json, MeterRegistry metrics, Pipeline pipeline, BatchWriter writer,
              MarketDataSource source, DayRecovery dayRecovery, Retention retention) {
        this.retention = retention;
        this.pipeline = pipeline;
        this.writer = writer;
        this.source = source;
        this.dayRecovery = dayRecovery;
        this.json = json;
        String id = config.scale().replicaId();
        this.link = RedisLink.of(config.redisUrl(), config.redisPassword(), "tracker-collector-" + id);
        ChangeCodec codec = new ChangeCodec(json);
        this.publisher = new StreamPublisher(link, pipeline::current, codec, config.scale().streamMaxLen(), id,
                source.name(), source::status, metrics, () -> fenced.run());
        this.lease = new CollectorLease(link, config.scale().leaseTtlMs(), id, this::tokenTaken, () -> fenced.run());
        pipeline.subscribe(publisher);
    }

    void start() {
        LOG.info("collector: standby until it holds the lease {}", CollectorLease.KEY);
        lease.start();
    }

    void whenFenced(Runnable r) {
        fenced = r;
    }

    /** Whether this collector holds (or held, Redis away) the lease and runs the source. */
    public boolean active() {
        return active;
    }

    public StreamPublisher publisher() {
        return publisher;
    }

    public long token() {
        return lease.token();
    }

    private synchronized void tokenTaken(long token) {
        if (!active) {
            startedAfter = lastSeq();
            pipeline.startAfter(startedAfter);
            writer.start();
            pipeline.start();
            dayRecovery.start();
            retention.start();
            source.start(pipeline);
            active = true;
            LOG.info("collector active (token {}): source {} started, publishes numbered after seq {}", token,
                    source.name(), startedAfter);
        }
        publisher.activate(token);
    }

    /** The predecessor's last seq: its last snapshot's, or the newest stream entry's when later (0 when there is none). */
    private long lastSeq() {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Jedis j = link.connect(2_000)) {
                String text = j.get(LiveRecord.KEY);
                long seq = text == null ? 0 : LiveRecord.decode(text, json).seq();
                // the predecessor may have published after its last record: go on after the newest entry too,
                // or this collector's first publishes would reuse seqs the streams already carry
                for (vn.stocktracker.stream.StreamChannel c : vn.stocktracker.stream.StreamChannel.values()) {
                    for (var entry : j.xrevrange(c.key(), "+", "-", 1)) {
                        String last = entry.getFields().get("seq");
                        if (last != null && last.chars().allMatch(Character::isDigit) && !last.isEmpty()) {
                            seq = Math.max(seq, Long.parseLong(last));
                        }
                    }
                }
                return seq;
            } catch (RuntimeException e) {
                LOG.warn("collector: cannot read the predecessor's seq ({}); retrying", e.getMessage());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return 0;
    }

    /** The {@code collector} section of /health. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lease", lease.state());
        m.put("token", lease.token());
        m.put("publishing", publisher.up());
        m.put("publishedSeq", publisher.lastSeq());
        m.put("unpublished", publisher.unpublished());
        if (!publisher.up() && active) {
            m.put("error", publisher.error());
        }
        return m;
    }

    @Override
    public void close() {
        publisher.close();
        lease.close();
    }
}
