package vn.stocktracker;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.api.HttpApi;
import vn.stocktracker.api.HttpSessions;
import vn.stocktracker.api.Json;
import vn.stocktracker.api.ws.DeflateAsGiven;
import vn.stocktracker.api.ws.WsHub;
import vn.stocktracker.cache.SnapshotCache;
import vn.stocktracker.config.AppConfig;
import vn.stocktracker.config.ConfigException;
import vn.stocktracker.config.BackendRole;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.config.ScaleConfig;
import vn.stocktracker.config.SecretFiles;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.stream.ChangeCodec;
import vn.stocktracker.stream.RedisLink;
import vn.stocktracker.stream.StreamFollower;
import vn.stocktracker.health.HealthService;
import vn.stocktracker.market.FuturesContracts;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;
import vn.stocktracker.source.SourceRegistry;
import vn.stocktracker.source.ssi.SsiSource;
import vn.stocktracker.store.BatchWriter;
import vn.stocktracker.store.CandleBackfill;
import vn.stocktracker.store.Database;
import vn.stocktracker.store.Retention;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stock tracker process: {@link #start} wires every component (used by {@link #main} and the
 * tests), starts them in order (database pool, writer, processor, hub, Redis cache, health, HTTP,
 * then the market source, which never blocks start-up) and {@link #stop} stops them in reverse,
 * flushing the write queue, within 10 seconds.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final AppConfig config;
    private final Instruments instruments;
    private final Database db;
    private final BatchWriter writer;
    private final Pipeline pipeline;
    private final WsHub hub;
    private final SnapshotCache cache;
    private final HealthService health;
    private final MarketDataSource source;
    private final Javalin http;
    private final PrometheusMeterRegistry metrics;
    private final DayRecovery dayRecovery;
    private final MarketFeed feed;
    private final Collector collector;
    private final StreamFollower follower;
    private final Retention retention;
    private volatile Runnable onFenced = () -> { };
    private volatile boolean stopped;
    /** Every HTTP response names the process that served it. */
    public static final String REPLICA_HEADER = "X-Replica-Id";
    /**
     * Connections the kernel completes for the HTTP listener before Jetty accepts them. Jetty's default
     * (0) leaves the JDK's 50: under a burst (2,000 WebSocket clients at 2,000/s through nginx, or the
     * clients of a killed replica reconnecting at once) the queue overflowed, the kernel dropped SYNs,
     * the 1 s SYN retry outlived nginx's 1 s connect timeout on the scaled topology and 939 of 2,000
     * clients got HTTP 504 (bench/scaleout). The kernel caps it at net.core.somaxconn (4096 here).
     */
    public static final int ACCEPT_QUEUE = 4096;

    private App(AppConfig config, Instruments instruments, Database db, BatchWriter writer, Pipeline pipeline,
                MarketFeed feed, WsHub hub, SnapshotCache cache, HealthService health, MarketDataSource source,
                Javalin http, PrometheusMeterRegistry metrics, DayRecovery dayRecovery, Collector collector,
                StreamFollower follower, Retention retention) {
        this.feed = feed;
        this.retention = retention;
        this.collector = collector;
        this.follower = follower;
        this.config = config;
        this.instruments = instruments;
        this.db = db;
        this.writer = writer;
        this.pipeline = pipeline;
        this.hub = hub;
        this.cache = cache;
        this.health = health;
        this.source = source;
        this.http = http;
        this.metrics = metrics;
        this.dayRecovery = dayRecovery;
    }

    /**
     * Validates the source's own settings, wires and starts everything for the configured role
     * ({@code BACKEND_ROLE}). Throws {@link ConfigException} for configuration problems (before anything
     * is started).
     */
    public static App start(AppConfig config, Map<String, String> env, Clock clock) {
        ScaleConfig scale = config.scale();
        FuturesContracts contracts = config.futures() != null ? config.futures()
                : FuturesContracts.defaults(TradingCalendar.tradingDay(clock.millis()));
        Instruments builtIn = Instruments.create(Instruments.VN30, config.extraSymbols(), contracts);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        ObjectMapper json = Json.mapper();
        if (scale.role() == BackendRole.API) {
            return startApi(config, builtIn, metrics, json, clock);
        }
        SourceContext sourceContext = new SourceContext(env, builtIn, clock, config.simSeed(), config.simRate(),
                config.sessionClock());
        SourceProvider provider;
        try {
            provider = SourceRegistry.provider(config.marketSource());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(provider.validate(sourceContext));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        // the feed's own VN30 list when it has one (SSI's IndexComponents), else the built-in one
        Optional<List<String>> vn30 = provider.vn30Components(sourceContext);
        Instruments instruments = vn30.map(list -> Instruments.create(list, config.extraSymbols(), contracts)).orElse(builtIn);
        if (vn30.isPresent()) {
            sourceContext = new SourceContext(env, instruments, clock, config.simSeed(), config.simRate(), config.sessionClock());
        }
        MarketDataSource source = provider.create(sourceContext);

        Database db = new Database(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        BatchWriter writer = new BatchWriter(db, config.storeQueue(), metrics);
        if (source instanceof SsiSource ssi) {
            // minutes missed while the tracker was down get their candles from SSI's IntradayOhlc
            ssi.backfillCandles(new CandleBackfill(db)::insertMissing, db::migrated);
        }
        MarketProcessor processor = new MarketProcessor(instruments, writer, config.alerts(), true);
        Pipeline pipeline = new Pipeline(processor, 262_144, Math.max(1, 1000 / config.wsMaxRate()), clock, metrics,
                source::status);
        WsHub hub = new WsHub(pipeline, instruments, json, clock, config.heartbeat(), config.wsMaxClients(), metrics,
                config.wsToken());
        SnapshotCache cache = new SnapshotCache(config.redisUrl(), config.redisPassword(), pipeline::snapshot, json, metrics);
        DayRecovery dayRecovery = new DayRecovery(db, instruments, pipeline, clock);
        // only the process that writes drops old data: role all, or the collector once it holds the lease
        Retention retention = new Retention(db, config.retention(), clock, metrics);

        Collector collector = null;
        HealthService health;
        if (scale.role() == BackendRole.COLLECTOR) {
            collector = new Collector(config, json, metrics, pipeline, writer, source, dayRecovery, retention);
            Collector c = collector;
            health = new HealthService(db, writer, cache, source, () -> !c.active() || pipeline.alive(),
                    () -> Map.of("role", scale.role().wire(), "replica", scale.replicaId(), "collector", c.health()),
                    () -> c.active() ? null : "standby");
        } else {
            health = new HealthService(db, writer, cache, source, pipeline::alive);
        }
        HttpApi api = new HttpApi(instruments, pipeline::snapshot, db, health, metrics, json, clock,
                config.corsOrigins());
        Javalin http = http(config, api, hub);

        hub.start();
        cache.start();
        health.start();
        http.start();
        if (collector != null) {
            collector.start(); // the rest starts once it holds the lease
        } else {
            writer.start();
            pipeline.start();
            dayRecovery.start();
            retention.start();
            source.start(pipeline);
        }
        App app = new App(config, instruments, db, writer, pipeline, pipeline, hub, cache, health, source, http, metrics,
                dayRecovery, collector, null, retention);
        if (collector != null) {
            collector.whenFenced(app::fenced);
        }
        LOG.info("stock tracker ({}) listening on {}:{} (source {}, session clock {})", roleLine(scale),
                config.httpHost(), http.port(), source.name(), config.sessionClock());
        return app;
    }

    private static String roleLine(ScaleConfig scale) {
        return switch (scale.role()) {
            case ALL -> "role all: source, processor, database writer and API in one process";
            case COLLECTOR -> "role collector " + scale.replicaId() + ": source, processor, database writer, publishing"
                    + " to Redis streams once it holds the collector lease";
            case API -> "role api " + scale.replicaId() + ": live market from Redis streams, database read-only"
                    + (scale.readRole().isEmpty() ? "" : " as " + scale.readRole());
        };
    }

    /** An API replica: no source, no processor, no writer; the live market from the streams. */
    private static App startApi(AppConfig config, Instruments instruments, PrometheusMeterRegistry metrics,
                                ObjectMapper json, Clock clock) {
        ScaleConfig scale = config.scale();
        Database db = new Database(config.databaseUrl(), config.databaseUser(), config.databasePassword(), true,
                scale.readRole());
        RedisLink link = RedisLink.of(config.redisUrl(), config.redisPassword(), "tracker-api-" + scale.replicaId());
        StreamFollower follower = new StreamFollower(link, new ChangeCodec(json), metrics);
        WsHub hub = new WsHub(follower, instruments, json, clock, config.heartbeat(), config.wsMaxClients(), metrics,
                config.wsToken());
        SnapshotCache cache = new SnapshotCache(config.redisUrl(), config.redisPassword(), null, json, metrics);
        MarketDataSource source = new MarketDataSource() {
            @Override
            public String name() {
                return "redis-streams";
            }

            @Override
            public void start(vn.stocktracker.source.MarketEventSink sink) {
            }

            @Override
            public void stop() {
            }

            @Override
            public vn.stocktracker.source.SourceStatus status() {
                return follower.status();
            }
        };
        HealthService health = new HealthService(db, null, cache, source, () -> true,
                () -> Map.of("role", scale.role().wire(), "replica", scale.replicaId(), "streams", follower.health()),
                () -> null);
        HttpApi api = new HttpApi(instruments, () -> follower.current().snapshot(), db, health, metrics, json, clock,
                config.corsOrigins());
        Javalin http = http(config, api, hub);
        hub.start();
        follower.start();
        cache.start();
        health.start();
        http.start();
        App app = new App(config, instruments, db, null, null, follower, hub, cache, health, source, http, metrics,
                null, null, follower, null);
        LOG.info("stock tracker ({}) listening on {}:{}", roleLine(scale), config.httpHost(), http.port());
        return app;
    }

    private static Javalin http(AppConfig config, HttpApi api, WsHub hub) {
        String replica = config.scale().replicaId();
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.httpHost());
                connector.setPort(config.httpPort());
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
            // permessage-deflate compressed once per message for all clients, not by Jetty once per client
            AtomicReference<ContextHandler> context = new AtomicReference<>();
            cfg.jetty.modifyServletContextHandler(handler -> {
                context.set(handler);
                HttpSessions.dropWhenRequestEnds(handler.getSessionHandler());
            });
            cfg.jetty.modifyWebSocketServletFactory(factory ->
                    DeflateAsGiven.install(WebSocketServerComponents.getWebSocketComponents(context.get())));
            cfg.routes.before(ctx -> ctx.header(REPLICA_HEADER, replica));
            api.routes(cfg.routes);
            hub.routes(cfg.routes);
        });
    }

    /** Another collector holds the lease: stop everything (the engine restarts the process as a standby). */
    private void fenced() {
        Thread.ofPlatform().name("fenced-stop").start(() -> {
            stop();
            onFenced.run();
        });
    }

    /** What to do after stopping because another collector took the lease (main: exit 75). */
    public void onFenced(Runnable r) {
        onFenced = r;
    }

    /** HTTP sessions the server holds in memory (none should outlive their request: {@link HttpSessions}). */
    public long httpSessionsHeld() {
        return HttpSessions.held(http.jettyServer().server());
    }

    /** The bound HTTP port (useful with {@code HTTP_PORT=0}). */
    public int port() {
        return http.port();
    }

    public Instruments instruments() {
        return instruments;
    }

    /** The processor's pipeline; null on an API replica. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** The live market this process serves (the pipeline, or the streams on an API replica). */
    public MarketFeed feed() {
        return feed;
    }

    /** The collector's lease and publisher; null unless role collector. */
    public Collector collector() {
        return collector;
    }

    /** An API replica's stream follower; null otherwise. */
    public StreamFollower follower() {
        return follower;
    }

    public BatchWriter writer() {
        return writer;
    }

    public Database database() {
        return db;
    }

    public MarketDataSource source() {
        return source;
    }

    public AppConfig config() {
        return config;
    }

    /** The retention of the writing roles; null on an API replica. */
    public Retention retention() {
        return retention;
    }

    /** Whether the day (alerts and series) was read back from the database after start. */
    public boolean dayRecovered() {
        return dayRecovery != null && dayRecovery.done();
    }

    /** Stops in reverse order: health says down, source, processor, writer flush, WebSockets, HTTP, Redis, pool. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long t0 = System.nanoTime();
        health.stopping();
        if (follower != null) {
            follower.close();
        }
        if (dayRecovery != null) {
            dayRecovery.close();
        }
        if (retention != null) {
            retention.close();
        }
        source.stop();
        if (pipeline != null) {
            pipeline.close(1_500);
        }
        int unwritten = writer == null ? 0 : writer.close(5_000);
        if (collector != null) {
            collector.close(); // after the pipeline: its last changes are published, then the lease is released
        }
        hub.close();
        http.stop();
        cache.close();
        health.close();
        db.close();
        metrics.close();
        LOG.info("stopped in {} ms ({} rows unwritten)", (System.nanoTime() - t0) / 1_000_000, unwritten);
    }

    @Override
    public void close() {
        stop();
    }

    public static void main(String[] args) {
        Map<String, String> env;
        AppConfig config;
        try {
            // every problem at once, secret files included; then X_FILE read into X for the sources'
            // own settings (SSI_CONSUMER_SECRET), which read the environment themselves
            config = ConfigLoader.load(System.getenv());
            env = SecretFiles.resolve(System.getenv());
        } catch (ConfigException e) {
            fail(e);
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(config.logLevel(), Level.INFO));
        App app;
        try {
            app = start(config, env, Clock.systemUTC());
        } catch (ConfigException e) {
            fail(e);
            return;
        }
        app.onFenced(() -> Runtime.getRuntime().halt(75));
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
    }

    private static void fail(ConfigException e) {
        for (String p : e.problems()) {
            System.err.println("backend: config: " + p);
        }
        System.exit(2);
    }
}
