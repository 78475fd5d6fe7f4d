package vn.stocktracker.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.MarketSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Keeps the latest market snapshot in Redis (key {@value #KEY}, JSON, 1 hour TTL), written once a
 * second when it changed, and pings Redis for {@code /health}. Connects lazily and retries every
 * second, so Redis being down never stops the service. With {@code snapshots} null (an API replica) it
 * only pings.
 */
public final class SnapshotCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);
    public static final String KEY = "tracker:snapshot";

    private final HostAndPort address;
    private final JedisClientConfig config;
    private Jedis jedis; // used by the cache thread only
    private final Supplier<MarketSnapshot> snapshots;
    private final ObjectMapper json;
    private final Counter writes;
    private final Counter errors;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean up;
    private volatile long latencyMs;
    private volatile String error = "not connected yet";
    private long lastWrittenTs = -1;

    public SnapshotCache(String url, String password, Supplier<MarketSnapshot> snapshots, ObjectMapper json,
                         MeterRegistry registry) {
        URI u = URI.create(url);
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1_000).socketTimeoutMillis(1_000).clientName("stock-tracker")
                .protocol(redis.clients.jedis.RedisProtocol.RESP2);
        if (password != null && !password.isEmpty()) {
            cfg.password(password);
        }
        this.address = new HostAndPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort());
        this.config = cfg.build();
        this.snapshots = snapshots;
        this.json = json;
        this.writes = Counter.builder("tracker_redis_writes").register(registry);
        this.errors = Counter.builder("tracker_redis_errors").register(registry);
        this.thread = Thread.ofPlatform().name("redis-cache").daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public boolean up() {
        return up;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public String error() {
        return error;
    }

    private void run() {
        while (running) {
            tick();
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** One round: ping, then write the snapshot if it changed. Public for tests. */
    public synchronized void tick() {
        try {
            if (jedis == null) {
                jedis = new Jedis(address, config);
            }
            long t0 = System.nanoTime();
            jedis.ping();
            latencyMs = (System.nanoTime() - t0) / 1_000_000;
            MarketSnapshot s = snapshots == null ? null : snapshots.get();
            if (s != null && s.ts() != lastWrittenTs) {
                jedis.setex(KEY, 3_600, json.writeValueAsString(s));
                lastWrittenTs = s.ts();
                writes.increment();
            }
            if (!up) {
                LOG.info("redis is up");
            }
            up = true;
            error = "";
        } catch (Exception e) {
            errors.increment();
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // already broken
                }
                jedis = null;
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (up || !msg.equals(error)) {
                LOG.warn("redis unavailable: {}", msg);
            }
            up = false;
            error = msg;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (jedis != null) {
                jedis.close();
                jedis = null;
            }
        }
    }
}
