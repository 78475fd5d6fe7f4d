package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.Instruments;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SSI FastConnect Data REST lookups ({@code GET api/v2/Market/...} with the bearer token): index
 * components, securities and their details, daily and intraday OHLC. Handles the envelope
 * ({@code {data|dataList, message, status, totalRecord}}) leniently, pages through {@code pageIndex} /
 * {@code pageSize}, splits OHLC ranges into windows of at most {@value #MAX_WINDOW_DAYS} days (the API
 * limit), and retries once with a fresh token after a 401. Thread-safe.
 */
public final class SsiRestClient {

    static final int MAX_WINDOW_DAYS = 30;
    static final int PAGE_SIZE = 100;
    /** Safety stop for paging against a server that never says it is done. */
    private static final int MAX_PAGES = 200;
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SsiConfig config;
    private final HttpClient http;
    private final SsiAuth auth;

    public SsiRestClient(SsiConfig config, HttpClient http, SsiAuth auth) {
        this.config = config;
        this.http = http;
        this.auth = auth;
    }

    /** The component symbols of an index ({@code IndexComponents?indexCode=VN30}), upper case, in SSI's order. */
    public List<String> indexComponents(String indexCode) throws IOException, SsiAuthException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode page : pages("IndexComponents", Map.of("indexCode", indexCode))) {
            for (JsonNode index : page) {
                JsonNode comps = Lenient.first(index, "IndexComponent", "IndexComponents");
                if (comps == null) {
                    // a flat list of components
                    String s = Lenient.text(index, "StockSymbol", "Symbol");
                    if (s != null) {
                        out.add(s.toUpperCase(Locale.ROOT));
                    }
                    continue;
                }
                for (JsonNode c : comps) {
                    String s = Lenient.text(c, "StockSymbol", "Symbol");
                    if (s != null && !out.contains(s.toUpperCase(Locale.ROOT))) {
                        out.add(s.toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }

    /** Symbol -> name for a market ({@code Securities?market=HOSE}). */
    public Map<String, String> securities(String market) throws IOException, SsiAuthException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode page : pages("Securities", Map.of("market", market))) {
            for (JsonNode s : page) {
                String sym = Lenient.text(s, "Symbol");
                if (sym != null) {
                    out.put(sym.toUpperCase(Locale.ROOT), Lenient.text(s, "StockName", "StockEnName"));
                }
            }
        }
        return out;
    }

    /** Names, lot and tick data ({@code SecuritiesDetails?market=HOSE&symbol=FPT}); symbol may be empty for all. */
    public List<SecurityInfo> securitiesDetails(String market, String symbol)
            throws IOException, SsiAuthException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("market", market);
        q.put("symbol", symbol == null ? "" : symbol);
        List<SecurityInfo> out = new ArrayList<>();
        for (JsonNode page : pages("SecuritiesDetails", q)) {
            for (JsonNode block : page) {
                JsonNode infos = Lenient.get(block, "RepeatedInfo");
                for (JsonNode i : infos == null ? List.of(block) : infos) {
                    String sym = Lenient.text(i, "Symbol");
                    if (sym == null) {
                        continue;
                    }
                    List<SecurityInfo.Tick> ticks = new ArrayList<>();
                    for (int n = 1; n <= 4; n++) {
                        long inc = Lenient.lng(i, 0, "TickIncrement" + n);
                        if (inc > 0) {
                            ticks.add(new SecurityInfo.Tick(Lenient.lng(i, 0, "TickPrice" + n), inc));
                        }
                    }
                    out.add(new SecurityInfo(sym.toUpperCase(Locale.ROOT), Lenient.text(i, "SymbolName"),
                            Lenient.text(i, "SymbolEngName"), Lenient.text(i, "MarketId", "Exchange"),
                            Lenient.lng(i, 0, "LotSize"), ticks));
                }
            }
        }
        return out;
    }

    /** Daily bars for {@code [from, to]} (inclusive), oldest first, fetched in windows of at most 30 days. */
    public List<OhlcBar> dailyOhlc(String symbol, LocalDate from, LocalDate to)
            throws IOException, SsiAuthException, InterruptedException {
        return ohlc("DailyOhlc", symbol, from, to, Map.of());
    }

    /** 1-minute bars for {@code [from, to]} (inclusive), oldest first, fetched in windows of at most 30 days. */
    public List<OhlcBar> intradayOhlc(String symbol, LocalDate from, LocalDate to)
            throws IOException, SsiAuthException, InterruptedException {
        return ohlc("IntradayOhlc", symbol, from, to, Map.of("resolution", "1"));
    }

    /** {@code [from, to]} cut into consecutive windows of at most 30 days, oldest first. */
    static List<LocalDate[]> windows(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
        List<LocalDate[]> out = new ArrayList<>();
        LocalDate start = from;
        while (!start.isAfter(to)) {
            LocalDate end = start.plusDays(MAX_WINDOW_DAYS - 1L);
            if (end.isAfter(to)) {
                end = to;
            }
            out.add(new LocalDate[] {start, end});
            start = end.plusDays(1);
        }
        return out;
    }

    private List<OhlcBar> ohlc(String endpoint, String symbol, LocalDate from, LocalDate to, Map<String, String> extra)
            throws IOException, SsiAuthException, InterruptedException {
        String sym = symbol.toUpperCase(Locale.ROOT);
        int scale = Instruments.isFutures(sym) ? 100 : 1;
        VnTime time = new VnTime(java.time.Clock.systemUTC());
        Map<Long, OhlcBar> byTs = new java.util.TreeMap<>();
        for (LocalDate[] w : windows(from, to)) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("symbol", sym);
            q.put("fromDate", DMY.format(w[0]));
            q.put("toDate", DMY.format(w[1]));
            q.put("ascending", "true");
            q.putAll(extra);
            for (JsonNode page : pages(endpoint, q)) {
                for (JsonNode b : page) {
                    String date = Lenient.text(b, "TradingDate");
                    if (date == null) {
                        continue;
                    }
                    long ts = time.toEpochMs(date, Lenient.text(b, "Time") == null ? "00:00:00" : Lenient.text(b, "Time"));
                    byTs.put(ts, new OhlcBar(sym, ts,
                            Math.round(Lenient.number(b, 0, "Open") * scale), Math.round(Lenient.number(b, 0, "High") * scale),
                            Math.round(Lenient.number(b, 0, "Low") * scale), Math.round(Lenient.number(b, 0, "Close") * scale),
                            Lenient.lng(b, 0, "Volume"), Lenient.lng(b, 0, "Value")));
                }
            }
        }
        List<OhlcBar> out = new ArrayList<>(byTs.values());
        out.sort(Comparator.comparingLong(OhlcBar::ts));
        return out;
    }

    /** Every page of an endpoint: the data array of each page, until totalRecord is reached or a page is short. */
    private List<JsonNode> pages(String endpoint, Map<String, String> query)
            throws IOException, SsiAuthException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long seen = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("pageIndex", Integer.toString(page));
            q.put("pageSize", Integer.toString(PAGE_SIZE));
            JsonNode env = get(endpoint, q);
            JsonNode data = Lenient.first(env, "data", "dataList");
            if (data == null) {
                break;
            }
            if (!data.isArray()) {
                data = JSON.createArrayNode().add(data);
            }
            out.add(data);
            seen += data.size();
            long total = Lenient.lng(env, -1, "totalRecord", "totalRecords");
            if (data.size() < PAGE_SIZE || (total >= 0 && seen >= total)) {
                break;
            }
        }
        return out;
    }

    /** One GET with the bearer token; a 401 gets one retry with a fresh token. Returns the envelope. */
    JsonNode get(String endpoint, Map<String, String> query) throws IOException, SsiAuthException, InterruptedException {
        String qs = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = config.baseUrl().resolve("api/v2/Market/" + endpoint + "?" + qs);
        for (int attempt = 0; ; attempt++) {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(config.timeout())
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + auth.token())
                    .GET().build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (res.statusCode() == 401 && attempt == 0) {
                auth.invalidate();
                continue;
            }
            if (res.statusCode() == 401) {
                throw new SsiAuthException("SSI " + endpoint + ": the access token was refused twice (HTTP 401); "
                        + "check SSI_CONSUMER_ID and SSI_CONSUMER_SECRET");
            }
            JsonNode env;
            try {
                env = JSON.readTree(res.body());
            } catch (IOException e) {
                throw new SsiApiException("SSI " + endpoint + ": HTTP " + res.statusCode() + " with a body that is not JSON",
                        res.statusCode());
            }
            long status = Lenient.lng(env, res.statusCode(), "status");
            if (res.statusCode() >= 400 || status >= 400) {
                throw new SsiApiException("SSI " + endpoint + ": status " + (res.statusCode() >= 400 ? res.statusCode() : status)
                        + " \"" + Lenient.text(env, "message") + "\"", (int) Math.max(res.statusCode(), status));
            }
            return env;
        }
    }
}
