package vn.stocktracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.store.MarketHistory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * History of foreign flow, indices and the futures basis (API.md "History"): what the processor stores
 * besides trades, served from the database (503 problem while it is down).
 */
final class HistoryRoutes {
    private static final Duration MAX_RANGE = Duration.ofDays(31);
    static final int MAX_DAYS = 365;

    private final Instruments instruments;
    private final MarketHistory history;
    private final ObjectMapper json;
    private final Clock clock;

    HistoryRoutes(Instruments instruments, MarketHistory history, ObjectMapper json, Clock clock) {
        this.instruments = instruments;
        this.history = history;
        this.json = json;
        this.clock = clock;
    }

    void routes(RoutesConfig r) {
        r.get("/api/history/foreign", this::foreignIntraday);
        r.get("/api/history/foreign/daily", this::foreignDaily);
        r.get("/api/history/index/{symbol}", this::indexSnapshots);
        r.get("/api/history/index/{symbol}/candles", this::indexCandles);
        r.get("/api/history/{symbol}/basis", this::basis);
    }

    /** One stock from {@code ?symbol=}, or null for the whole market. */
    private String oneStock(Context ctx) {
        Set<String> s = Params.stocks(instruments, "symbol", ctx.queryParam("symbol"));
        if (s != null && s.size() > 1) {
            throw ApiException.badParameter("symbol", "one stock at most (omit it for the whole market)");
        }
        return s == null ? null : s.iterator().next();
    }

    /** The range, by default the current trading day so far. */
    private Params.TimeRange today(Context ctx) {
        Instant now = clock.instant();
        Instant start = TradingCalendar.dayStart(TradingCalendar.tradingDay(now.toEpochMilli()));
        return Params.range(ctx.queryParam("from"), ctx.queryParam("to"), now, Duration.between(start, now).plusMillis(1), MAX_RANGE);
    }

    private void foreignIntraday(Context ctx) throws Exception {
        String symbol = oneStock(ctx);
        Params.TimeRange r = today(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", symbol);
        out.put("from", r.from().toEpochMilli());
        out.put("to", r.to().toEpochMilli());
        out.put("points", history.foreignIntraday(symbol, r.from(), r.to()));
        Replies.json(ctx, json, out);
    }

    private void foreignDaily(Context ctx) throws Exception {
        String symbol = oneStock(ctx);
        int days = Params.intIn("days", ctx.queryParam("days"), 30, 1, MAX_DAYS);
        LocalDate last = LocalDate.ofInstant(clock.instant(), Instruments.VN);
        LocalDate first = last.minusDays(days - 1L);
        List<String> symbols = symbol != null ? List.of(symbol) : instruments.stocks().stream().map(Instrument::symbol).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", symbol);
        out.put("from", first.toString());
        out.put("to", last.toString());
        out.put("days", history.foreignDaily(symbols, first, last));
        Replies.json(ctx, json, out);
    }

    private void indexSnapshots(Context ctx) throws Exception {
        Instrument i = Params.index(instruments, ctx.pathParam("symbol"));
        int limit = Params.intIn("limit", ctx.queryParam("limit"), 1_000, 1, 10_000);
        Params.TimeRange r = today(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("snapshots", history.indexSnapshots(i.symbol(), r.from(), r.to(), limit));
        Replies.json(ctx, json, out);
    }

    private void indexCandles(Context ctx) throws Exception {
        Instrument i = Params.index(instruments, ctx.pathParam("symbol"));
        Duration interval = Params.interval(ctx.queryParam("interval"));
        Params.TimeRange r = Params.range(ctx.queryParam("from"), ctx.queryParam("to"), clock.instant(), Duration.ofDays(1), MAX_RANGE);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("interval", ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval").trim());
        out.put("candles", history.indexCandles(i.symbol(), interval, r.from(), r.to()));
        Replies.json(ctx, json, out);
    }

    private void basis(Context ctx) throws Exception {
        Instrument i = Params.tradable(instruments, ctx.pathParam("symbol"));
        if (i.type() != Instrument.Type.FUTURES) {
            throw new ApiException(404, "symbol", "symbol: '" + i.symbol() + "' is not a futures contract; the basis is of "
                    + instruments.futuresSymbol());
        }
        Duration interval = Params.interval(ctx.queryParam("interval"));
        Params.TimeRange r = Params.range(ctx.queryParam("from"), ctx.queryParam("to"), clock.instant(), Duration.ofDays(1), MAX_RANGE);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", i.symbol());
        out.put("interval", ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval").trim());
        out.put("points", history.basis(i.symbol(), interval, r.from(), r.to()));
        Replies.json(ctx, json, out);
    }
}
