package vn.stocktracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.health.HealthService;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.VolumeStats;
import vn.stocktracker.store.HistoryRepository;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The REST endpoints of API.md, plus {@code /health}, {@code /metrics} and CORS. */
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

    public HttpApi(Instruments instruments, Supplier<MarketSnapshot> snapshots, HistoryRepository history,
                   HealthService health, PrometheusMeterRegistry metrics, ObjectMapper json, Clock clock,
                   List<String> corsOrigins) {
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
        r.get("/api/market/foreign", this::foreign);
        r.get("/api/market/volume-stats", ctx -> send(ctx, volumeStats()));
        r.get("/api/history/{symbol}/candles", this::candles);
        r.get("/api/history/{symbol}/ticks", this::ticks);
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
        ctx.contentType("application/json").result(json.writeValueAsString(body));
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

    /** Parses {@code ?symbols=A,B}; null when absent; 404 for an unknown stock. */
    private Set<String> stockFilter(String param, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String s : value.split(",")) {
            String sym = s.trim().toUpperCase(Locale.ROOT);
            if (sym.isEmpty()) {
                continue;
            }
            Instrument i = instruments.get(sym);
            if (i == null || i.type() != Instrument.Type.STOCK) {
                throw new ApiException(404, param, param + ": unknown stock '" + s.trim() + "'; see GET /api/symbols");
            }
            out.add(sym);
        }
        return out;
    }

    private void snapshot(Context ctx) throws JsonProcessingException {
        Set<String> f = stockFilter("symbols", ctx.queryParam("symbols"));
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

    private void foreign(Context ctx) throws JsonProcessingException {
        Set<String> f = stockFilter("symbol", ctx.queryParam("symbol"));
        MarketSnapshot s = snapshots.get();
        List<ForeignView> rows = f == null ? s.foreign() : s.foreign().stream().filter(v -> f.contains(v.symbol())).toList();
        long bv = 0;
        long sv = 0;
        long bval = 0;
        long sval = 0;
        for (ForeignView v : rows) {
            bv += v.buyVol();
            sv += v.sellVol();
            bval += v.buyVal();
            sval += v.sellVal();
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("buyVol", bv);
        totals.put("sellVol", sv);
        totals.put("buyVal", bval);
        totals.put("sellVal", sval);
        totals.put("netVol", bv - sv);
        totals.put("netVal", bval - sval);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("foreign", rows);
        out.put("totals", totals);
        send(ctx, out);
    }

    private Map<String, Object> volumeStats() {
        MarketSnapshot s = snapshots.get();
        long tv = 0;
        long b = 0;
        long sl = 0;
        long n = 0;
        long ato = 0;
        long cont = 0;
        long atc = 0;
        for (VolumeStats v : s.volumeStats()) {
            tv += v.totalVol();
            b += v.activeBuyVol();
            sl += v.activeSellVol();
            n += v.neutralVol();
            ato += v.sessions().ato();
            cont += v.sessions().continuous();
            atc += v.sessions().atc();
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("totalVol", tv);
        totals.put("activeBuyVol", b);
        totals.put("activeSellVol", sl);
        totals.put("neutralVol", n);
        totals.put("sessions", new VolumeStats.Sessions(ato, cont, atc));
        totals.put("buySellRatio", sl == 0 ? 0 : Math.round(b * 100.0 / sl) / 100.0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("stocks", s.volumeStats());
        out.put("totals", totals);
        return out;
    }

    /** A stock or futures symbol from the path; 404 otherwise. */
    private Instrument tradable(Context ctx) {
        String raw = ctx.pathParam("symbol");
        Instrument i = instruments.get(raw.toUpperCase(Locale.ROOT));
        if (i == null || i.type() == Instrument.Type.INDEX) {
            throw new ApiException(404, "symbol", "symbol: unknown or not traded: '" + raw + "'; see GET /api/symbols");
        }
        return i;
    }

    private Instant[] range(Context ctx) {
        Instant to = Params.time("to", ctx.queryParam("to"), clock.instant());
        Instant from = Params.time("from", ctx.queryParam("from"), to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiException.badParameter("from", "must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiException.badParameter("from", "the range from..to is longer than 31 days; narrow it");
        }
        return new Instant[] {from, to};
    }

    private void candles(Context ctx) throws Exception {
        Instrument i = tradable(ctx);
        Duration interval = Params.interval(ctx.queryParam("interval"));
        Instant[] r = range(ctx);
        List<HistoryRepository.Candle> candles = history.candles(i.symbol(), i.type() == Instrument.Type.FUTURES, interval, r[0], r[1]);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("interval", ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval").trim());
        out.put("candles", candles);
        send(ctx, out);
    }

    private void ticks(Context ctx) throws Exception {
        Instrument i = tradable(ctx);
        int limit = Params.intIn("limit", ctx.queryParam("limit"), 500, 1, 5_000);
        Instant[] r = range(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("ticks", history.ticks(i.symbol(), i.type() == Instrument.Type.FUTURES, r[0], r[1], limit));
        send(ctx, out);
    }
}
