package vn.stocktracker.health;

import vn.stocktracker.cache.SnapshotCache;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceStatus;
import vn.stocktracker.store.BatchWriter;
import vn.stocktracker.store.Database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds the {@code /health} report from cached probe results, so a request never waits on the
 * database, Redis or the market-data login. The database is probed on its own thread every 2 s.
 *
 * <p>Status: {@code down} (503) while starting (until the database has been migrated and Redis has
 * answered once), while shutting down, or if the processor stopped; afterwards {@code ok} when the
 * database and Redis are up, {@code degraded} (still 200: live data keeps flowing) when either is down.
 */
public final class HealthService implements AutoCloseable {

    private final Database db;
    private final BatchWriter writer;
    private final SnapshotCache redis;
    private final MarketDataSource source;
    private final BooleanSupplier processorAlive;
    private final long startedMs = System.currentTimeMillis();
    private final Thread prober;
    private volatile boolean running = true;
    private volatile boolean stopping;
    private volatile boolean dbUp;
    private volatile long dbLatencyMs;
    private volatile String dbError = "not checked yet";
    private volatile boolean started;

    private final Supplier<Map<String, Object>> extra;
    private final Supplier<String> roleState;

    public HealthService(Database db, BatchWriter writer, SnapshotCache redis, MarketDataSource source,
                         BooleanSupplier processorAlive) {
        this(db, writer, redis, source, processorAlive, Map::of, () -> null);
    }

    /**
     * @param writer    null on an API replica (it writes nothing)
     * @param extra     sections added to the report (role, replica, streams); empty for role {@code all}
     * @param roleState a status that replaces {@code ok}/{@code degraded} (e.g. {@code standby}), or null
     */
    public HealthService(Database db, BatchWriter writer, SnapshotCache redis, MarketDataSource source,
                         BooleanSupplier processorAlive, Supplier<Map<String, Object>> extra, Supplier<String> roleState) {
        this.extra = extra;
        this.roleState = roleState;
        this.db = db;
        this.writer = writer;
        this.redis = redis;
        this.source = source;
        this.processorAlive = processorAlive;
        this.prober = Thread.ofPlatform().name("health-probe").daemon(true).unstarted(this::run);
    }

    public void start() {
        prober.start();
    }

    /** Marks the service as shutting down: {@code /health} answers 503 from now on. */
    public void stopping() {
        stopping = true;
    }

    private void run() {
        while (running) {
            probe();
            try {
                Thread.sleep(dbUp ? 2_000 : 500);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** One database probe (also migrates if that has not happened yet). */
    public void probe() {
        try {
            if (!db.migrated()) {
                db.migrate();
            }
            dbLatencyMs = db.ping();
            dbUp = true;
            dbError = "";
        } catch (Exception e) {
            dbUp = false;
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = m.indexOf('\n');
            dbError = nl < 0 ? m : m.substring(0, nl);
        }
        if (dbUp && redis.up()) {
            started = true;
        }
    }

    /** The report and its HTTP status. */
    public Report report() {
        boolean dbOk = dbUp && db.migrated();
        boolean redisOk = redis.up();
        String status;
        String detail = "";
        if (stopping) {
            status = "down";
            detail = "shutting down";
        } else if (!processorAlive.getAsBoolean()) {
            status = "down";
            detail = "market processor stopped";
        } else if (!started && !(dbOk && redisOk)) {
            status = "down";
            detail = "starting: waiting for " + (dbOk ? "redis" : redisOk ? "the database" : "the database and redis");
        } else {
            started = true;
            status = dbOk && redisOk ? "ok" : "degraded";
            String rs = roleState.get();
            if (rs != null) {
                status = rs;
            }
        }
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("status", dbOk ? "up" : "down");
        database.put("latencyMs", dbLatencyMs);
        database.put("timescale", db.timescale());
        if (writer != null) {
            database.put("queueDepth", writer.queueDepth());
            database.put("dropped", writer.dropped());
            database.put("writing", writer.healthy());
        } else {
            database.put("readOnly", true);
        }
        if (!dbOk) {
            database.put("error", dbError.isEmpty() && writer != null ? writer.lastError() : dbError);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", redisOk ? "up" : "down");
        r.put("latencyMs", redis.latencyMs());
        if (!redisOk) {
            r.put("error", redis.error());
        }
        SourceStatus s = source.status();
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("state", s.state().wireName());
        stream.put("source", source.name());
        stream.put("detail", s.detail());
        stream.put("eventsIn", s.eventsOut());
        stream.put("lastEventMs", s.lastEventMs());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (!detail.isEmpty()) {
            body.put("detail", detail);
        }
        body.put("database", database);
        body.put("redis", r);
        body.put("stream", stream);
        body.put("uptimeSeconds", (System.currentTimeMillis() - startedMs) / 1000);
        body.putAll(extra.get());
        return new Report(status.equals("down") ? 503 : 200, body);
    }

    /** A report: HTTP status and JSON body. */
    public record Report(int httpStatus, Map<String, Object> body) {
    }

    @Override
    public void close() {
        running = false;
        prober.interrupt();
    }
}
