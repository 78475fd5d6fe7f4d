package vn.stocktracker.stream;

import vn.stocktracker.source.SourceThread;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Exactly one active collector: a Redis key ({@value #KEY}) holding the active collector's fencing token,
 * with a time to live renewed every third of it. A token comes from incrementing {@value #EPOCH}, so every
 * new holder has a larger one; the collector's writes to Redis check the key still holds its token
 * ({@link StreamPublisher}), so a collector that lost the lease (paused, cut off) cannot publish over its
 * successor. A collector without the lease is a standby: it tries again every {@code ttl/3}.
 *
 * <p>Redis away: the holder keeps working (it cannot be replaced while nobody can reach Redis) and renews
 * when Redis is back; if the key expired meanwhile it takes a new token (replicas resynchronise), if
 * another collector holds it now, this one is fenced.
 */
public final class CollectorLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorLease.class);
    public static final String KEY = "tracker:collector:lease";
    public static final String EPOCH = "tracker:collector:epoch";

    private static final String ACQUIRE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local t = redis.call('INCR', KEYS[2])
            redis.call('SET', KEYS[1], t, 'PX', ARGV[1])
            return t""";
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            return -1""";

    private final RedisLink link;
    private final long ttlMs;
    private final String holder;
    private final LongConsumer onToken;
    private final Runnable onFenced;
    private final SourceThread thread = new SourceThread("collector-lease");
    private volatile long token;
    private volatile String state = "standby";

    /**
     * @param onToken  called with each token this collector gets (the first makes it active; a later one
     *                 after the lease expired while Redis was away)
     * @param onFenced called once when another collector holds the lease: this one must stop
     */
    public CollectorLease(RedisLink link, long ttlMs, String holder, LongConsumer onToken, Runnable onFenced) {
        this.link = link;
        this.ttlMs = ttlMs;
        this.holder = holder;
        this.onToken = onToken;
        this.onFenced = onFenced;
    }

    public void start() {
        thread.start(this::run);
    }

    /** The current fencing token, 0 before the lease was first taken. */
    public long token() {
        return token;
    }

    /** {@code standby}, {@code active}, {@code unconfirmed} (Redis away) or {@code fenced}. */
    public String state() {
        return state;
    }

    private void run() {
        Jedis jedis = null;
        String lastError = null;
        long period = Math.max(100, ttlMs / 3);
        while (thread.running()) {
            try {
                if (jedis == null) {
                    jedis = link.connect(2_000);
                }
                if (token == 0) {
                    long t = (Long) jedis.eval(ACQUIRE, List.of(KEY, EPOCH), List.of(Long.toString(ttlMs)));
                    if (t > 0) {
                        take(t);
                    }
                } else {
                    long r = (Long) jedis.eval(RENEW, List.of(KEY), List.of(Long.toString(token), Long.toString(ttlMs)));
                    if (r == 1) {
                        state = "active";
                    } else if (r == 0) {
                        long t = (Long) jedis.eval(ACQUIRE, List.of(KEY, EPOCH), List.of(Long.toString(ttlMs)));
                        if (t > 0) {
                            LOG.warn("the collector lease expired while Redis was away; took it again with token {}", t);
                            take(t);
                        } else {
                            fenced();
                            return;
                        }
                    } else {
                        fenced();
                        return;
                    }
                }
                lastError = null;
            } catch (RuntimeException e) {
                RedisLink.closeQuietly(jedis);
                jedis = null;
                if (token != 0) {
                    state = "unconfirmed";
                }
                String m = RedisLink.message(e);
                if (!m.equals(lastError)) {
                    LOG.warn("collector lease: redis unavailable ({})", m);
                    lastError = m;
                }
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                break;
            }
        }
        if (jedis != null && token != 0 && !"fenced".equals(state)) {
            try { // hand over at once on a clean stop
                jedis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                        List.of(KEY), List.of(Long.toString(token)));
            } catch (RuntimeException ignored) {
                // the lease expires by itself
            }
        }
        RedisLink.closeQuietly(jedis);
    }

    private void take(long t) {
        token = t;
        state = "active";
        LOG.info("collector {} holds the lease (fencing token {})", holder, t);
        onToken.accept(t);
    }

    private void fenced() {
        state = "fenced";
        LOG.error("collector {}: another collector holds the lease now; stopping", holder);
        onFenced.run();
    }

    @Override
    public void close() {
        thread.stop(Duration.ofMillis(2_000));
    }
}
