package vn.stocktracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import vn.stocktracker.market.ForeignSummary;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.VolumeStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The day's analysis from the live state (API.md): foreign flow with its intraday series, top movers
 * and sectors; volume by session and side; the futures basis through the day; the board's sparklines.
 * Everything comes from the processor's published snapshot, so it works without the database.
 */
final class AnalysisRoutes {
    static final int TOP = 5;

    private final Instruments instruments;
    private final Supplier<MarketSnapshot> snapshots;
    private final ObjectMapper json;

    AnalysisRoutes(Instruments instruments, Supplier<MarketSnapshot> snapshots, ObjectMapper json) {
        this.instruments = instruments;
        this.snapshots = snapshots;
        this.json = json;
    }

    void routes(RoutesConfig r) {
        r.get("/api/market/foreign", this::foreign);
        r.get("/api/market/volume-stats", this::volume);
        r.get("/api/market/derivatives", this::derivatives);
        r.get("/api/market/sparklines", this::sparklines);
    }

    private void foreign(Context ctx) throws Exception {
        Set<String> f = Params.stocks(instruments, "symbol", ctx.queryParam("symbol"));
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
        ForeignSummary summary = ForeignSummary.of(rows, TOP);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("foreign", rows);
        out.put("totals", totals);
        out.put("flow", s.foreignFlow().series());
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("buyers", summary.buyers());
        top.put("sellers", summary.sellers());
        out.put("top", top);
        out.put("sectors", summary.sectors());
        Replies.json(ctx, json, out);
    }

    private void volume(Context ctx) throws Exception {
        MarketSnapshot s = snapshots.get();
        VolumeStats t = VolumeStats.total("", s.volumeStats());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("totalVol", t.totalVol());
        totals.put("activeBuyVol", t.activeBuyVol());
        totals.put("activeSellVol", t.activeSellVol());
        totals.put("neutralVol", t.neutralVol());
        totals.put("sessions", t.sessions());
        totals.put("buySellRatio", t.buySellRatio());
        totals.put("activeBuyVal", t.activeBuyVal());
        totals.put("activeSellVal", t.activeSellVal());
        totals.put("neutralVal", t.neutralVal());
        totals.put("buyPressure", t.buyPressure());
        totals.put("bySession", t.bySession());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("stocks", s.volumeStats());
        out.put("totals", totals);
        Replies.json(ctx, json, out);
    }

    private void derivatives(Context ctx) throws Exception {
        MarketSnapshot s = snapshots.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("futures", s.futures());
        out.put("derivatives", s.derivatives());
        Replies.json(ctx, json, out);
    }

    private void sparklines(Context ctx) throws Exception {
        MarketSnapshot s = snapshots.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", s.ts());
        out.put("points", 50);
        out.put("sparklines", new TreeMap<>(s.sparklines()));
        Replies.json(ctx, json, out);
    }
}
