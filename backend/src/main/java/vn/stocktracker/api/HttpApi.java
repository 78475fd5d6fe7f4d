package vn.stocktracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.health.HealthService;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.Sectors;
import vn.stocktracker.store.AlertStore;
import vn.stocktracker.store.Database;
import vn.stocktracker.store.HistoryRepository;
import vn.stocktracker.store.MarketHistory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The REST endpoints of API.md, plus {@code /health}, {@code /metrics}, CORS and the one mapping of
 * errors to problem bodies; the day's analysis, alerts and the other history have their own route
 * classes ({@link AnalysisRoutes}, {@link AlertRoutes}, {@link HistoryRoutes}).
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Duration MAX_RANGE = Duration.ofDays(31);

    private final Instruments instruments;
    private final Supplier<MarketSnapshot> snapshots;
    private final HistoryRepository history;
    private final HealthService health;
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Set<String> corsOrigins;
    private final AnalysisRoutes analysis;
    private final AlertRoutes alertRoutes;
    private final HistoryRoutes historyRoutes;

    public HttpApi(Instruments instruments, Supplier<MarketSnapshot> snapshots, Database db,
                   HealthService health, PrometheusMeterRegistry metrics, ObjectMapper json, Clock clock,
                   List<String> corsOrigins) {
        this.analysis = new AnalysisRoutes(instruments, snapshots, json);
        this.alertRoutes = new AlertRoutes(instruments, snapshots, new AlertStore(db), json, clock);
        this.historyRoutes = new HistoryRoutes(instruments, new MarketHistory(db), json, clock);
        HistoryRepository history = new HistoryRepository(db);
        this.instruments = instruments;
        this.snapshots = snapshots;
        this.history = history;
        this.health = health;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.corsOrigins = Set.copyOf(corsOrigins);
    }

    public void routes(RoutesConfig r) {
        r.before(this::cors);
        r.options("/*", ctx -> ctx.status(corsOrigins.contains(String.valueOf(ctx.header("Origin"))) ? 204 : 404));
        r.get("/health", ctx -> {
            HealthService.Report rep = health.report();
            ctx.status(rep.httpStatus());
            send(ctx, rep.body());
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        r.get("/api/symbols", ctx -> send(ctx, symbols()));
        r.get("/api/market/snapshot", this::snapshot);
        r.get("/api/history/{symbol}/candles", this::candles);
        r.get("/api/history/{symbol}/ticks", this::ticks);
        analysis.routes(r);
        alertRoutes.routes(r);
        historyRoutes.routes(r);
        r.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status(), e.parameter(), e.getMessage()));
        r.exception(SQLException.class, (e, ctx) -> {
            LOG.warn("history query failed: {}", e.getMessage());
            problem(ctx, 503, null, "the database is unavailable; live data is still served by /api/market/*");
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} failed", ctx.path(), e);
            problem(ctx, 500, null, "internal error");
        });
        r.error(404, ctx -> {
            if (ctx.attribute("problem") == null) {
                problem(ctx, 404, null, "no such endpoint: " + ctx.path() + "; see API.md");
            }
        });
    }

    private void cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && corsOrigins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Allow-Methods", "GET, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Content-Type");
            ctx.header("Access-Control-Max-Age", "600");
        }
    }

    private void send(Context ctx, Object body) throws JsonProcessingException {
        Replies.json(ctx, json, body);
    }

    private void problem(Context ctx, int status, String parameter, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        });
        p.put("status", status);
        p.put("detail", detail);
        p.put("parameter", parameter);
        ctx.attribute("problem", Boolean.TRUE);
        try {
            ctx.status(status).contentType("application/problem+json").result(json.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            ctx.status(500).result("{}");
        }
    }

    private Map<String, Object> symbols() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Instrument i : instruments.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", i.symbol());
            m.put("type", i.type().name().toLowerCase(Locale.ROOT));
            m.put("exchange", i.exchange().name());
            m.put("name", i.name());
            m.put("priceUnit", i.type() == Instrument.Type.STOCK ? "VND" : "point");
            m.put("sector", i.type() == Instrument.Type.STOCK ? Sectors.of(i.symbol()) : null);
            all.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vn30", instruments.vn30());
        out.put("indices", List.of(Instruments.VN30_INDEX, Instruments.VNINDEX));
        out.put("futures", instruments.futuresSymbol());
        out.put("futuresContracts", instruments.futures().symbols());
        out.put("symbols", all);
        return out;
    }

    private void snapshot(Context ctx) throws JsonProcessingException {
        Set<String> f = Params.stocks(instruments, "symbols", ctx.queryParam("symbols"));
        MarketSnapshot s = snapshots.get();
        List<StockView> stocks = f == null ? s.stocks() : s.stocks().stream().filter(v -> f.contains(v.symbol())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("session", s.session());
        out.put("stocks", stocks);
        out.put("indices", s.indices());
        out.put("futures", s.futures());
        send(ctx, out);
    }

    private Params.TimeRange range(Context ctx) {
        return Params.range(ctx.queryParam("from"), ctx.queryParam("to"), clock.instant(), Duration.ofDays(1), MAX_RANGE);
    }

    private void candles(Context ctx) throws Exception {
        Instrument i = Params.tradable(instruments, ctx.pathParam("symbol"));
        Duration interval = Params.interval(ctx.queryParam("interval"));
        Params.TimeRange r = range(ctx);
        List<HistoryRepository.Candle> candles = history.candles(i.symbol(), i.type() == Instrument.Type.FUTURES, interval,
                r.from(), r.to());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("interval", ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval").trim());
        out.put("candles", candles);
        send(ctx, out);
    }

    private void ticks(Context ctx) throws Exception {
        Instrument i = Params.tradable(instruments, ctx.pathParam("symbol"));
        int limit = Params.intIn("limit", ctx.queryParam("limit"), 500, 1, 5_000);
        Params.TimeRange r = range(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("ticks", history.ticks(i.symbol(), i.type() == Instrument.Type.FUTURES, r.from(), r.to(), limit));
        send(ctx, out);
    }
}
