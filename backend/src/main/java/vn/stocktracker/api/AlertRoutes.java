package vn.stocktracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertKind;
import vn.stocktracker.market.alert.Severity;
import vn.stocktracker.store.AlertStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/alerts} (API.md): stored alerts filtered by kind, severity, symbol and time. While the
 * database is down, a request within the current trading day is answered from the processor's list of
 * the day ({@code "source":"memory"}) instead of failing.
 */
final class AlertRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
    private static final Duration MAX_RANGE = Duration.ofDays(366);
    private static final String KINDS = Arrays.stream(AlertKind.values()).map(AlertKind::wire).collect(Collectors.joining(", "));
    private static final String SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire).collect(Collectors.joining(", "));

    private final Instruments instruments;
    private final Supplier<MarketSnapshot> snapshots;
    private final AlertStore store;
    private final ObjectMapper json;
    private final Clock clock;

    AlertRoutes(Instruments instruments, Supplier<MarketSnapshot> snapshots, AlertStore store, ObjectMapper json, Clock clock) {
        this.instruments = instruments;
        this.snapshots = snapshots;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    void routes(RoutesConfig r) {
        r.get("/api/alerts", this::alerts);
    }

    /** The query of a request; 400 naming the parameter for anything it cannot be. */
    AlertStore.Query query(Map<String, String> params) {
        Set<String> kinds = Params.list("kind", params.get("kind"), k -> {
            String w = k.toLowerCase(Locale.ROOT);
            if (AlertKind.fromWire(w) == null) {
                throw ApiException.badParameter("kind", "'" + k.toLowerCase(Locale.ROOT) + "' is not an alert kind; use one or more of " + KINDS);
            }
            return w;
        });
        Set<String> severities = Params.list("severity", params.get("severity"), v -> {
            String w = v.toLowerCase(Locale.ROOT);
            if (Severity.fromWire(w) == null) {
                throw ApiException.badParameter("severity", "'" + w + "' is not a severity; use one or more of " + SEVERITIES);
            }
            return w;
        });
        Set<String> symbols = Params.list("symbol", params.get("symbol"), s -> {
            Instrument i = instruments.get(s);
            if (i == null || i.type() == Instrument.Type.INDEX) {
                throw ApiException.badParameter("symbol", "'" + s + "' is not a tracked stock or futures contract; see GET /api/symbols");
            }
            return s;
        });
        Instant now = clock.instant();
        Instant dayStart = TradingCalendar.dayStart(TradingCalendar.tradingDay(now.toEpochMilli()));
        // the default range is the current trading day (since 15:05 of the day before), up to now
        Params.TimeRange range = Params.range(params.get("from"), params.get("to"), now.plusMillis(1),
                Duration.between(dayStart, now.plusMillis(1)), MAX_RANGE);
        int limit = Params.intIn("limit", params.get("limit"), 500, 1, 5_000);
        return new AlertStore.Query(kinds == null ? Set.of() : kinds, severities == null ? Set.of() : severities,
                symbols == null ? Set.of() : symbols, range.from(), range.to(), limit);
    }

    private void alerts(Context ctx) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : List.of("kind", "severity", "symbol", "from", "to", "limit")) {
            params.put(p, ctx.queryParam(p));
        }
        AlertStore.Query q = query(params);
        Map<String, Object> out = new LinkedHashMap<>();
        List<Alert> found;
        try {
            found = store.find(q);
            out.put("source", "database");
        } catch (SQLException e) {
            MarketSnapshot s = snapshots.get();
            long dayStart = TradingCalendar.dayStart(TradingCalendar.tradingDay(clock.millis())).toEpochMilli();
            if (q.from().toEpochMilli() < dayStart) {
                throw e; // older than what the processor holds: the usual 503
            }
            LOG.warn("alerts query failed ({}); answering from today's alerts in memory", e.getMessage());
            found = fromMemory(s.alerts(), q);
            out.put("source", "memory");
        }
        out.put("from", q.from().toEpochMilli());
        out.put("to", q.to().toEpochMilli());
        out.put("alerts", found);
        Replies.json(ctx, json, out);
    }

    /** The day's list (newest first) filtered as the database would be. */
    static List<Alert> fromMemory(List<Alert> today, AlertStore.Query q) {
        return today.stream()
                .filter(a -> q.kinds().isEmpty() || q.kinds().contains(a.kind()))
                .filter(a -> q.severities().isEmpty() || q.severities().contains(a.severity()))
                .filter(a -> q.symbols().isEmpty() || q.symbols().contains(a.symbol()))
                .filter(a -> a.ts() >= q.from().toEpochMilli() && a.ts() < q.to().toEpochMilli())
                .limit(q.limit())
                .toList();
    }
}
