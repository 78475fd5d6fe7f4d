package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.stocktracker.market.Instruments;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for SSI FastConnect Data v2 (test code): the token endpoint, the REST lookups the
 * client uses, and the classic SignalR 2 exchange ({@code negotiate}, WebSocket {@code connect},
 * {@code start}, {@code SwitchChannels} invocation, {@code Broadcast} frames, {@code {}} keep-alives),
 * serving frames from {@link StandInMarket} with SSI's field names and formats. Listens on 127.0.0.1 on
 * a free port. Faults can be switched on and off while it runs: rejected credentials, short token
 * lifetime (connections are dropped when their token expires), dropped connections, refused
 * negotiations (an outage), malformed frames, slow responses, silence (no frames, not even keep-alives).
 */
public final class SsiStandIn implements AutoCloseable {

    public static final String CONSUMER_ID = "standin-consumer";
    public static final String CONSUMER_SECRET = "standin-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final byte[] SIGNING_KEY = "stand-in signing key".getBytes(StandardCharsets.UTF_8);

    private final Clock clock;
    private final StandInMarket market;
    private final Javalin app;
    private final ScheduledExecutorService timers;
    private final Map<String, Conn> conns = new ConcurrentHashMap<>();
    private final Set<String> connectionTokens = ConcurrentHashMap.newKeySet();
    private final Object marketLock = new Object();

    // faults and knobs (volatile: flipped by tests while running)
    private volatile boolean rejectCredentials;
    private volatile Duration tokenLifetime = Duration.ofHours(8);
    private volatile boolean refuseNegotiate;
    private volatile int malformedEvery;
    private volatile Duration slowResponses = Duration.ZERO;
    private volatile boolean silent;
    private volatile Duration keepAliveTimeout = Duration.ofSeconds(20);
    private volatile List<String> vn30 = StandInMarket.vn30();

    // observations for tests
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger negotiations = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong malformedSent = new AtomicLong();
    private final List<String> switchChannels = new CopyOnWriteArrayList<>();
    private final List<String> restCalls = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    /** One live hub connection. */
    private static final class Conn {
        final WsContext ctx;
        final long tokenExpMs;
        volatile Map<String, Set<String>> channels;
        volatile boolean snapshotSent;

        Conn(WsContext ctx, long tokenExpMs) {
            this.ctx = ctx;
            this.tokenExpMs = tokenExpMs;
        }
    }

    private SsiStandIn(Clock clock, long seed, Duration tick, int port) {
        this.clock = clock;
        this.market = new StandInMarket(seed, LocalDate.now(clock.withZone(Instruments.VN)));
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = port;
            // ASP.NET routing ignores case: SSI's own SDKs call IntradayOHLC and DailyOHLC
            cfg.router.caseInsensitiveRoutes = true;
            cfg.routes.post("/api/v2/Market/AccessToken", this::accessToken);
            cfg.routes.get("/api/v2/Market/IndexComponents", ctx -> rest(ctx, this::indexComponents));
            cfg.routes.get("/api/v2/Market/Securities", ctx -> rest(ctx, this::securities));
            cfg.routes.get("/api/v2/Market/SecuritiesDetails", ctx -> rest(ctx, this::securitiesDetails));
            cfg.routes.get("/api/v2/Market/DailyOhlc", ctx -> rest(ctx, c -> ohlc(c, false)));
            cfg.routes.get("/api/v2/Market/IntradayOhlc", ctx -> rest(ctx, c -> ohlc(c, true)));
            cfg.routes.get("/v2.0/signalr/negotiate", this::negotiate);
            cfg.routes.post("/v2.0/signalr/negotiate", this::negotiate);
            cfg.routes.get("/v2.0/signalr/start", this::start);
            cfg.routes.wsBeforeUpgrade("/v2.0/signalr/connect", this::beforeUpgrade);
            cfg.routes.ws("/v2.0/signalr/connect", ws -> {
                ws.onConnect(ctx -> onConnect(ctx));
                ws.onMessage(ctx -> onMessage(ctx, ctx.message()));
                ws.onClose(ctx -> {
                    System.err.println("stand-in: session " + ctx.sessionId() + " closed " + ctx.status() + " " + ctx.reason());
                    conns.remove(ctx.sessionId());
                });
                ws.onError(ctx -> {
                    System.err.println("stand-in: session " + ctx.sessionId() + " error " + ctx.error());
                    conns.remove(ctx.sessionId());
                });
            });
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("ssi-standin").daemon(true).unstarted(r));
        long tickMs = Math.max(1, tick.toMillis());
        timers.scheduleAtFixedRate(this::feed, tickMs, tickMs, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(this::housekeeping, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a stand-in on a free loopback port.
     *
     * @param tick how often a data frame is sent to each subscribed connection
     */
    public static SsiStandIn start(Clock clock, long seed, Duration tick) {
        return start(clock, seed, tick, 0);
    }

    /** Starts a stand-in on {@code port} of 127.0.0.1 (0: a free port). */
    public static SsiStandIn start(Clock clock, long seed, Duration tick, int port) {
        SsiStandIn s = new SsiStandIn(clock, seed, tick, port);
        s.app.start();
        return s;
    }

    /**
     * Runs the stand-in by itself, for demos: {@code java -cp <backend test classpath>
     * vn.stocktracker.source.ssi.SsiStandIn [port] [tick-ms]}, then start the backend with the printed
     * environment. Stops on Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long tick = args.length > 1 ? Long.parseLong(args[1]) : 50;
        SsiStandIn s = start(Clock.systemUTC(), System.nanoTime(), Duration.ofMillis(tick), port);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        System.out.println("SSI stand-in listening on " + s.url() + "; start the backend with:");
        System.out.println("  MARKET_SOURCE=ssi SSI_CONSUMER_ID=" + CONSUMER_ID + " SSI_CONSUMER_SECRET=" + CONSUMER_SECRET
                + " SSI_BASE_URL=" + s.url() + " SSI_STREAM_URL=" + s.url());
        Thread.currentThread().join();
    }

    public int port() {
        return app.port();
    }

    /** The base URL for both {@code SSI_BASE_URL} and {@code SSI_STREAM_URL}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** Environment for the SSI source pointing at this stand-in with the right credentials. */
    public Map<String, String> env() {
        return Map.of("SSI_CONSUMER_ID", CONSUMER_ID, "SSI_CONSUMER_SECRET", CONSUMER_SECRET,
                "SSI_BASE_URL", url(), "SSI_STREAM_URL", url(), "SSI_RECONNECT_MIN_MS", "100",
                "SSI_RECONNECT_MAX_MS", "1000", "SSI_AUTH_RETRY_MS", "500", "SSI_TIMEOUT_MS", "3000");
    }

    public String futuresSymbol() {
        return market.futuresSymbol();
    }

    // ---- fault switches ----

    public SsiStandIn rejectCredentials(boolean on) {
        rejectCredentials = on;
        return this;
    }

    public SsiStandIn tokenLifetime(Duration d) {
        tokenLifetime = d;
        return this;
    }

    public SsiStandIn refuseNegotiate(boolean on) {
        refuseNegotiate = on;
        return this;
    }

    /** Every n-th data frame is replaced by a malformed one (0 = never). */
    public SsiStandIn malformedEvery(int n) {
        malformedEvery = n;
        return this;
    }

    /** The VN30 components IndexComponents lists (default: the built-in list). */
    public SsiStandIn vn30(List<String> components) {
        vn30 = List.copyOf(components);
        return this;
    }

    public SsiStandIn slowResponses(Duration d) {
        slowResponses = d;
        return this;
    }

    /** No frames at all (data or keep-alive) while on; the sockets stay open. */
    public SsiStandIn silent(boolean on) {
        silent = on;
        return this;
    }

    /** The KeepAliveTimeout announced by negotiate; keep-alives are sent every third of it. */
    public SsiStandIn keepAliveTimeout(Duration d) {
        keepAliveTimeout = d;
        return this;
    }

    /** Drops every hub connection abruptly (no close frame), like a network failure. */
    public void dropConnections() {
        for (Conn c : conns.values()) {
            c.ctx.session.disconnect();
        }
        conns.clear();
    }

    // ---- observations ----

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int negotiations() {
        return negotiations.get();
    }

    public int connections() {
        return connections.get();
    }

    public int starts() {
        return starts.get();
    }

    public int openConnections() {
        return conns.size();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long malformedSent() {
        return malformedSent.get();
    }

    public List<String> switchChannelsCalls() {
        return List.copyOf(switchChannels);
    }

    /** "Endpoint?query" of every REST call, in order. */
    public List<String> restCalls() {
        return List.copyOf(restCalls);
    }

    // ---- auth ----

    private void slow() {
        Duration d = slowResponses;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void accessToken(Context ctx) throws Exception {
        slow();
        JsonNode body = JSON.readTree(ctx.body());
        String id = Lenient.text(body, "consumerID");
        String secret = Lenient.text(body, "consumerSecret");
        ObjectNode out = JSON.createObjectNode();
        if (rejectCredentials || !CONSUMER_ID.equals(id) || !CONSUMER_SECRET.equals(secret)) {
            // SSI answers HTTP 200 with the failure in the envelope
            out.put("message", "Invalid consumer ID or consumer secret");
            out.put("status", "400");
            out.putNull("data");
        } else {
            tokensIssued.incrementAndGet();
            out.put("message", "Success");
            out.put("status", 200);
            out.putObject("data").put("accessToken", jwt(clock.millis() + tokenLifetime.toMillis()));
        }
        ctx.contentType("application/json").result(out.toString());
    }

    private String jwt(long expMs) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(JSON.createObjectNode().put("sub", CONSUMER_ID)
                .put("exp", expMs / 1000).put("jti", UUID.randomUUID().toString()).toString()
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(sign(header + "." + payload));
    }

    private static byte[] sign(String s) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
        return mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The expiry (epoch ms) of a valid, unexpired bearer token in the header, or -1. */
    private long bearer(String header) {
        if (header == null || !header.startsWith("Bearer ") || rejectCredentials) {
            return -1;
        }
        String[] p = header.substring(7).trim().split("\\.");
        if (p.length != 3) {
            return -1;
        }
        try {
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(sign(p[0] + "." + p[1]));
            if (!expected.equals(p[2])) {
                return -1;
            }
            long exp = JSON.readTree(Base64.getUrlDecoder().decode(p[1])).get("exp").asLong() * 1000;
            return exp > clock.millis() ? exp : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- REST ----

    private interface Endpoint {
        ObjectNode handle(Context ctx) throws Exception;
    }

    private void rest(Context ctx, Endpoint e) throws Exception {
        slow();
        restCalls.add(ctx.path().substring(ctx.path().lastIndexOf('/') + 1) + "?" + ctx.queryString());
        if (bearer(ctx.header("Authorization")) < 0) {
            ctx.status(401).contentType("application/json").result("{\"message\":\"Unauthorized\",\"status\":401}");
            return;
        }
        ObjectNode out = e.handle(ctx);
        ctx.status(Lenient.lng(out, 200, "status") == 400 ? 400 : 200).contentType("application/json").result(out.toString());
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v);
    }

    /** One page of {@code items}; the envelope key alternates between data and dataList like SSI's. */
    /**
     * One page of {@code items}. Like SSI's, the envelope is lenient about itself: even pages send their
     * items' keys lower-cased and {@code totalRecord} as a string, so the client must match keys without
     * case and read numbers from strings.
     */
    private static ObjectNode page(Context ctx, List<? extends JsonNode> items, String key) {
        int index = intParam(ctx, "pageIndex", 1);
        int size = intParam(ctx, "pageSize", 10);
        boolean odd = index % 2 == 0;
        ObjectNode out = JSON.createObjectNode();
        out.put("message", "Success");
        out.put("status", "Success");
        if (odd) {
            out.put("totalRecord", Integer.toString(items.size()));
        } else {
            out.put("totalRecord", items.size());
        }
        ArrayNode data = out.putArray(key);
        for (int i = (index - 1) * size; i < Math.min(items.size(), index * size); i++) {
            data.add(odd ? lowerKeys(items.get(i)) : items.get(i));
        }
        return out;
    }

    private static JsonNode lowerKeys(JsonNode item) {
        if (!item.isObject()) {
            return item;
        }
        ObjectNode out = JSON.createObjectNode();
        item.properties().forEach(e -> out.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return out;
    }

    private ObjectNode indexComponents(Context ctx) {
        String code = String.valueOf(ctx.queryParam("indexCode")).toUpperCase(Locale.ROOT);
        ObjectNode index = JSON.createObjectNode();
        index.put("IndexCode", code);
        index.put("IndexName", code);
        index.put("Exchange", "HOSE");
        List<String> comps = "VN30".equals(code) ? vn30 : List.of();
        index.put("TotalSymbolNo", Integer.toString(comps.size()));
        ArrayNode arr = index.putArray("IndexComponent");
        for (String s : comps) {
            arr.addObject().put("Isin", "VN000000" + s + "0").put("StockSymbol", s);
        }
        return page(ctx, List.of(index), "data");
    }

    private ObjectNode securities(Context ctx) {
        List<ObjectNode> items = new ArrayList<>();
        for (String s : StandInMarket.vn30()) {
            items.add(JSON.createObjectNode().put("Market", "HOSE").put("Symbol", s)
                    .put("StockName", "Cong ty " + s).put("StockEnName", s + " Corporation"));
        }
        return page(ctx, items, "dataList");
    }

    private ObjectNode securitiesDetails(Context ctx) {
        String only = ctx.queryParam("symbol");
        List<ObjectNode> infos = new ArrayList<>();
        for (String s : StandInMarket.vn30()) {
            if (only != null && !only.isBlank() && !only.equalsIgnoreCase(s)) {
                continue;
            }
            infos.add(JSON.createObjectNode().put("Isin", "VN000000" + s + "0").put("Symbol", s)
                    .put("SymbolName", "Cong ty " + s).put("SymbolEngName", s + " Corporation").put("SecType", "ST")
                    .put("MarketId", "HOSE").put("Exchange", "HOSE").put("LotSize", "100")
                    .put("TickPrice1", "0").put("TickIncrement1", "10").put("TickPrice2", "10000")
                    .put("TickIncrement2", "50").put("TickPrice3", "50000").put("TickIncrement3", "100"));
        }
        // the page holds a slice of the RepeatedInfo list, wrapped in one block per page
        ObjectNode paged = page(ctx, infos, "data");
        ArrayNode slice = (ArrayNode) paged.get("data");
        ObjectNode block = JSON.createObjectNode().put("RType", "y").put("ReportDate", DMY.format(LocalDate.now(clock.withZone(Instruments.VN))))
                .put("TotalNoSym", Integer.toString(infos.size()));
        block.set("RepeatedInfo", slice.deepCopy());
        slice.removeAll();
        if (!block.get("RepeatedInfo").isEmpty()) {
            slice.add(block);
        }
        // totalRecord counts the infos; the client pages until it has seen a short page
        return paged;
    }

    private ObjectNode ohlc(Context ctx, boolean intraday) {
        String symbol = String.valueOf(ctx.queryParam("symbol")).toUpperCase(Locale.ROOT);
        LocalDate from = LocalDate.parse(String.valueOf(ctx.queryParam("fromDate")), DMY);
        LocalDate to = LocalDate.parse(String.valueOf(ctx.queryParam("toDate")), DMY);
        if (ChronoUnit.DAYS.between(from, to) >= 30 || to.isBefore(from)) {
            ObjectNode err = JSON.createObjectNode();
            err.put("message", "fromDate and toDate must be at most 30 days apart");
            err.put("status", 400);
            return err;
        }
        java.time.LocalDateTime now = java.time.LocalDateTime.now(clock.withZone(Instruments.VN));
        List<ObjectNode> bars = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY || d.isAfter(now.toLocalDate())) {
                continue;
            }
            if (!intraday) {
                bars.add(bar(symbol, d, "00:00:00", d.getDayOfMonth()));
                continue;
            }
            // today: the bars so far, the current minute's included (SSI's last bar is still forming)
            int last = d.equals(now.toLocalDate()) ? now.getHour() * 60 + now.getMinute() : 24 * 60;
            for (int m = 9 * 60 + 15; m < 14 * 60 + 45 && m <= last; m++) {
                if (m >= 11 * 60 + 30 && m < 13 * 60) {
                    continue;
                }
                bars.add(bar(symbol, d, String.format(Locale.ROOT, "%02d:%02d:00", m / 60, m % 60), m % 7));
            }
        }
        return page(ctx, bars, "data");
    }

    /**
     * The bar the stand-in serves for a symbol, day and time: a close of the reference price plus
     * {@code step} ticks. Stocks in VND, VN30F in points with decimals, numbers as strings, as SSI's OHLC
     * endpoints send them, and with SSI's key order ({@code Symbol, Value, TradingDate, Time, ...}).
     */
    static ObjectNode bar(String symbol, LocalDate d, String time, int step) {
        boolean futures = Instruments.isFutures(symbol);
        long ref = futures ? 188_500 : StandInMarket.refPrice(symbol) == 0 ? 20_000 : StandInMarket.refPrice(symbol);
        long close = ref + step * (futures ? 10L : 50L);
        long volume = futures ? 120 : 125_000;
        return JSON.createObjectNode().put("Symbol", symbol).put("Value", Long.toString(close * volume))
                .put("TradingDate", DMY.format(d)).put("Time", time)
                .put("Open", px(close - (futures ? 20 : 100), futures)).put("High", px(close + (futures ? 40 : 200), futures))
                .put("Low", px(close - (futures ? 40 : 200), futures)).put("Close", px(close, futures))
                .put("Volume", Long.toString(volume));
    }

    /** VND as a whole number; futures (hundredths of a point internally) as points, "1885.1". */
    private static String px(long p, boolean futures) {
        return futures ? java.math.BigDecimal.valueOf(p, 2).stripTrailingZeros().toPlainString() : Long.toString(p);
    }

    // ---- SignalR ----

    private static boolean hubRequested(String connectionData) {
        return connectionData != null && connectionData.contains(SsiFrames.HUB);
    }

    private void negotiate(Context ctx) {
        slow();
        negotiations.incrementAndGet();
        if (refuseNegotiate) {
            ctx.status(503).result("Service Unavailable");
            return;
        }
        if (bearer(ctx.header("Authorization")) < 0) {
            ctx.status(401).result("Unauthorized");
            return;
        }
        if (!"1.5".equals(ctx.queryParam("clientProtocol")) || !hubRequested(ctx.queryParam("connectionData"))) {
            ctx.status(400).result("clientProtocol=1.5 and connectionData naming " + SsiFrames.HUB + " are required");
            return;
        }
        String token = UUID.randomUUID() + ":" + seq.incrementAndGet();
        connectionTokens.add(token);
        ObjectNode out = JSON.createObjectNode();
        out.put("Url", "/v2.0/signalr");
        out.put("ConnectionToken", token);
        out.put("ConnectionId", UUID.randomUUID().toString());
        out.put("KeepAliveTimeout", keepAliveTimeout.toMillis() / 1000.0);
        out.put("DisconnectTimeout", 30.0);
        out.put("ConnectionTimeout", 110.0);
        out.put("TryWebSockets", true);
        out.put("ProtocolVersion", "1.5");
        out.put("TransportConnectTimeout", 5.0);
        out.put("LongPollDelay", 0.0);
        ctx.contentType("application/json").result(out.toString());
    }

    private void start(Context ctx) {
        if (bearer(ctx.header("Authorization")) < 0) {
            ctx.status(401).result("Unauthorized");
            return;
        }
        if (!connectionTokens.contains(String.valueOf(ctx.queryParam("connectionToken")))) {
            ctx.status(400).result("unknown connectionToken");
            return;
        }
        starts.incrementAndGet();
        ctx.contentType("application/json").result("{\"Response\":\"started\"}");
    }

    private void beforeUpgrade(Context ctx) {
        if (bearer(ctx.header("Authorization")) < 0) {
            throw new UnauthorizedResponse("bearer token missing, invalid or expired");
        }
        if (!"webSockets".equals(ctx.queryParam("transport"))
                || !connectionTokens.contains(String.valueOf(ctx.queryParam("connectionToken")))
                || !hubRequested(ctx.queryParam("connectionData"))) {
            throw new io.javalin.http.BadRequestResponse("transport=webSockets, a negotiated connectionToken and connectionData are required");
        }
    }

    private void onConnect(WsContext ctx) {
        ctx.session.setIdleTimeout(Duration.ofMinutes(10));
        connections.incrementAndGet();
        Conn c = new Conn(ctx, bearer(ctx.header("Authorization")));
        conns.put(ctx.sessionId(), c);
        ctx.send("{\"C\":\"d-" + seq.incrementAndGet() + ",0|A,0|B,1\",\"S\":1,\"M\":[]}");
    }

    private void onMessage(WsContext ctx, String text) throws Exception {
        JsonNode msg = JSON.readTree(text);
        String id = Lenient.text(msg, "I");
        String method = Lenient.text(msg, "M");
        Conn c = conns.get(ctx.sessionId());
        if (!SsiFrames.HUB.equalsIgnoreCase(Lenient.text(msg, "H")) || !"SwitchChannels".equals(method) || c == null) {
            ctx.send("{\"I\":\"" + id + "\",\"E\":\"'" + method + "' method could not be resolved on hub '"
                    + Lenient.text(msg, "H") + "'.\"}");
            return;
        }
        String list = msg.get("A").get(0).asText();
        switchChannels.add(list);
        Map<String, Set<String>> channels = new ConcurrentHashMap<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.trim().split(":", 2);
            if (kv.length == 2) {
                channels.put(kv[0].trim().toUpperCase(Locale.ROOT), Set.of(kv[1].trim().toUpperCase(Locale.ROOT).split("-")));
            }
        }
        c.channels = channels;
        c.snapshotSent = false;
        ctx.send("{\"I\":\"" + id + "\"}");
    }

    // ---- feed ----

    private static String typeOf(String payload) {
        int i = payload.indexOf("\"DataType\":\"");
        int from = i + 12;
        return i < 0 ? "" : payload.substring(from, payload.indexOf('"', from));
    }

    private static boolean wants(Conn c, String payload) {
        Map<String, Set<String>> ch = c.channels;
        if (ch == null) {
            return false;
        }
        Set<String> symbols = ch.get(typeOf(payload));
        return symbols != null;
    }

    private void feed() {
        try {
            if (silent || conns.isEmpty()) {
                return;
            }
            long now = clock.millis();
            List<String> batch = new ArrayList<>();
            List<String> snapshot = null;
            synchronized (marketLock) {
                int n = 1 + (int) (seq.get() % 3);
                for (int i = 0; i < n; i++) {
                    batch.add(market.nextPayload(now));
                }
                if (conns.values().stream().anyMatch(c -> c.channels != null && !c.snapshotSent)) {
                    snapshot = market.snapshotPayloads(now);
                }
            }
            for (Conn c : conns.values()) {
                if (c.channels == null) {
                    continue;
                }
                if (!c.snapshotSent && snapshot != null) {
                    c.snapshotSent = true;
                    for (String p : snapshot) {
                        if (wants(c, p)) {
                            send(c, SsiFrames.broadcast("d-" + seq.incrementAndGet(), List.of(p)));
                        }
                    }
                }
                List<String> mine = batch.stream().filter(p -> wants(c, p)).toList();
                if (!mine.isEmpty()) {
                    send(c, SsiFrames.broadcast("d-" + seq.incrementAndGet(), mine));
                }
            }
        } catch (RuntimeException e) {
            // a closing session; the next tick goes on
            System.err.println("stand-in feed: " + e);
        }
    }

    private static final String[] MALFORMED = {
        "{\"C\":\"d-x\",\"M\":[{\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\",\"A\":[\"{\\\"DataType\\\":\\\"X\\\",\\\"Content\\\":\\\"{\\\\\\\"Symbol\\\\\\\":\\\\\\\"ACB\\\\\\\",\\\\\\\"LastPrice\\\\\\\":\\\"}\"]}]}",
        "{\"C\":\"d-x\",\"M\":[{\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\",\"A\":[\"not json at all\"]}]}",
        "{\"C\":\"d-x\",\"M\":[{\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\",\"A\":[",
        "\u0000\u0001garbage",
    };

    private void send(Conn c, String frame) {
        int every = malformedEvery;
        long n = framesSent.incrementAndGet();
        if (every > 0 && n % every == 0) {
            frame = MALFORMED[(int) (malformedSent.getAndIncrement() % MALFORMED.length)];
        }
        if (c.ctx.session.isOpen()) {
            c.ctx.send(frame);
        }
    }

    private long lastKeepAlive;

    private void housekeeping() {
        try {
            long now = clock.millis();
            for (Map.Entry<String, Conn> e : conns.entrySet()) {
                Conn c = e.getValue();
                if (c.tokenExpMs > 0 && now >= c.tokenExpMs) {
                    // the hub drops a connection whose token has expired
                    c.ctx.closeSession(4401, "token expired");
                    conns.remove(e.getKey());
                }
            }
            long every = Math.max(100, keepAliveTimeout.toMillis() / 3);
            if (!silent && now - lastKeepAlive >= every) {
                lastKeepAlive = now;
                for (Conn c : conns.values()) {
                    if (c.ctx.session.isOpen()) {
                        c.ctx.send("{}");
                    }
                }
            }
        } catch (RuntimeException e) {
            // a closing session
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        dropConnections();
        app.stop();
    }
}
