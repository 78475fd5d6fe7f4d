package vn.stocktracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.market.StockView;
import vn.stocktracker.source.SourceStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * WebSocket fan-out for {@code /ws/market}, {@code /ws/foreign} and {@code /ws/index} (API.md).
 * Changes arrive already coalesced from the processor thread at most {@code WS_MAX_RATE} times a
 * second; each message is serialised once per channel for the clients that take everything, and
 * sent asynchronously. A client with more than {@link #MAX_PENDING} unsent messages is closed (1008)
 * and counted, so it can never slow the feed or other clients.
 *
 * <p>On {@code /ws/market} updates carry field-level deltas against the rows every client holds
 * ({@link BoardDeltas}). That only works if a client's snapshot is exactly the state the next delta is
 * taken against, so snapshots (on connect and on subscribe) are sent by the fan-out thread itself,
 * between two broadcasts, from that same state; the client is registered for updates in the same step.
 */
public final class WsHub implements Consumer<MarketChanges>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsHub.class);
    static final int MAX_PENDING = 64;
    static final int MAX_SYMBOLS = 100;

    /** The three channels. */
    public enum Channel {
        MARKET, FOREIGN, INDEX;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Client {
        final Session session;
        final CoreSession core; // null when the session is not Jetty's: then text is sent as a String
        final Channel channel;
        final AtomicInteger pending = new AtomicInteger();
        volatile Set<String> symbols; // null = everything
        volatile boolean closed;
        /** Set once its first snapshot went out; replies before that wait in {@code early}. Guarded by this. */
        boolean admitted;
        final List<String> early = new ArrayList<>();

        Client(Session session, Channel channel) {
            this.session = session;
            this.core = session instanceof WebSocketSession w ? w.getCoreSession() : null;
            this.channel = channel;
        }
    }

    private final Supplier<MarketSnapshot> snapshots;
    private final Instruments instruments;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<Session, Client> clients = new ConcurrentHashMap<>();
    /** Connected, snapshot not sent yet: messages from them are already answered. */
    private final Map<Session, Client> connecting = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter droppedClients;
    private final io.micrometer.core.instrument.Timer broadcastTimer;
    private final ScheduledExecutorService heartbeats;
    private final Object lock = new Object();
    private MarketChanges pending; // guarded by lock
    /** Clients waiting for their snapshot (connect) or a new one (subscribe); taken by the fan-out thread. */
    private final java.util.Queue<Join> joins = new java.util.concurrent.ConcurrentLinkedQueue<>();
    // fan-out thread only:
    private final BoardDeltas board;
    private final Set<String> stockOrder = new LinkedHashSet<>();
    private String futuresSymbol;
    private boolean boardReady;
    private volatile boolean boardStale;

    /** A client to (re)snapshot; {@code newFilter} set when it subscribed ({@code symbols} null = all). */
    private record Join(Client client, boolean newFilter, Set<String> symbols) {
    }
    private final Thread fanout;
    private volatile boolean running = true;
    private final Supplier<SourceStatus> feed;
    private volatile String lastFeedState; // heartbeat thread

    public WsHub(Supplier<MarketSnapshot> snapshots, Instruments instruments, ObjectMapper json, Clock clock,
                 Duration heartbeat, MeterRegistry registry) {
        this(snapshots, instruments, json, clock, heartbeat, registry, () -> null);
    }

    /**
     * @param feed the market-data source's status, reported in every heartbeat (and pushed at once in
     *             an extra heartbeat when its state changes), so a client can tell a live socket from a
     *             live market feed; null when unknown
     */
    public WsHub(Supplier<MarketSnapshot> snapshots, Instruments instruments, ObjectMapper json, Clock clock,
                 Duration heartbeat, MeterRegistry registry, Supplier<SourceStatus> feed) {
        this.snapshots = snapshots;
        this.instruments = instruments;
        this.json = json;
        this.clock = clock;
        this.board = new BoardDeltas(json);
        this.feed = feed;
        this.sent = Counter.builder("tracker_ws_messages_sent").register(registry);
        this.droppedClients = Counter.builder("tracker_ws_dropped_clients").description("slow clients disconnected").register(registry);
        this.broadcastTimer = io.micrometer.core.instrument.Timer.builder("tracker_ws_broadcast")
                .description("time to serialise and hand one update to every client").publishPercentiles(0.5, 0.99).register(registry);
        for (Channel c : Channel.values()) {
            registry.gauge("tracker_ws_clients", List.of(io.micrometer.core.instrument.Tag.of("channel", c.wire())),
                    clients, m -> m.values().stream().filter(x -> x.channel == c).count());
        }
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("ws-heartbeat").daemon(true).unstarted(r));
        long hb = heartbeat.toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
        heartbeats.scheduleWithFixedDelay(this::heartbeatOnFeedChange, 1, 1, TimeUnit.SECONDS);
        this.fanout = Thread.ofPlatform().name("ws-fanout").daemon(true).unstarted(this::fanoutLoop);
        fanout.start();
    }

    /** Registers the three endpoints. */
    public void routes(RoutesConfig routes) {
        for (Channel c : Channel.values()) {
            routes.ws("/ws/" + c.wire(), ws -> {
                ws.onConnect(ctx -> connect(ctx, c));
                ws.onMessage(ctx -> message(ctx, ctx.message()));
                ws.onClose(ctx -> remove(ctx.session));
                ws.onError(ctx -> remove(ctx.session));
            });
        }
    }

    public int clientCount() {
        return clients.size();
    }

    public long droppedClients() {
        return (long) droppedClients.count();
    }

    private void connect(WsContext ctx, Channel channel) {
        ctx.session.setIdleTimeout(Duration.ofMinutes(5));
        Client c = new Client(ctx.session, channel);
        connecting.put(ctx.session, c);
        join(new Join(c, false, null));
    }

    /** Hands a client to the fan-out thread for its snapshot (and registration). */
    private void join(Join j) {
        joins.add(j);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void remove(Session s) {
        Client c = clients.remove(s);
        Client waiting = connecting.remove(s);
        if (c != null) {
            c.closed = true;
        }
        if (waiting != null) {
            waiting.closed = true;
        }
    }

    private void message(WsContext ctx, String text) {
        Client c = clients.get(ctx.session);
        if (c == null) {
            c = connecting.get(ctx.session);
        }
        if (c == null) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            error(c, "message is not JSON; send {\"subscribe\":[\"FPT\",\"VNM\"]}");
            return;
        }
        if (node == null || !node.isObject()) {
            error(c, "message must be a JSON object such as {\"subscribe\":[\"FPT\"]}");
            return;
        }
        if (node.has("type") && "ping".equals(node.get("type").asText())) {
            reply(c, write(heartbeatMessage(c.channel)));
            return;
        }
        JsonNode sub = node.get("subscribe");
        if (sub == null) {
            error(c, "unknown message; the only client message is {\"subscribe\":[...symbols]} (or {\"type\":\"ping\"})");
            return;
        }
        if (sub.isTextual() && sub.asText().equals("*")) {
            join(new Join(c, true, null));
        } else if (sub.isArray()) {
            if (sub.size() > MAX_SYMBOLS) {
                error(c, "subscribe: at most " + MAX_SYMBOLS + " symbols");
                return;
            }
            Set<String> symbols = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (JsonNode n : sub) {
                String s = n.isTextual() ? n.asText().trim().toUpperCase(Locale.ROOT) : "";
                if (!instruments.contains(s)) {
                    unknown.add(n.isTextual() ? n.asText() : n.toString());
                } else {
                    symbols.add(s);
                }
            }
            if (!unknown.isEmpty()) {
                error(c, "subscribe: unknown symbols " + unknown + "; see GET /api/symbols");
                return;
            }
            join(new Join(c, true, symbols.isEmpty() ? null : java.util.Collections.unmodifiableSet(symbols)));
        } else {
            error(c, "subscribe: must be an array of symbols, e.g. {\"subscribe\":[\"FPT\",\"VNM\"]}, or \"*\"");
        }
    }

    private void error(Client c, String detail) {
        Map<String, Object> m = envelope("error", c.channel, null);
        m.remove("data");
        m.put("error", "bad_request");
        m.put("detail", detail);
        reply(c, write(m));
    }

    /** An answer to a client message: held back until the client's snapshot went out (it comes first). */
    private void reply(Client c, String text) {
        synchronized (c) {
            if (!c.admitted) {
                c.early.add(text);
                return;
            }
        }
        send(c, text);
    }

    private Map<String, Object> envelope(String type, Channel ch, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("channel", ch.wire());
        m.put("ts", clock.millis());
        if (data != null) {
            m.put("data", data);
        }
        return m;
    }

    /** Fan-out thread only. */
    private String snapshotMessage(Client c) {
        MarketSnapshot s = snapshots.get();
        Set<String> f = c.symbols;
        Map<String, Object> m = envelope("snapshot", c.channel, null);
        m.put("symbols", f == null ? null : List.copyOf(f));
        Map<String, Object> feedNow = feedInfo();
        if (feedNow != null) {
            m.put("feed", feedNow);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        switch (c.channel) {
            case MARKET -> {
                // exactly the state the next delta is taken against (see the class comment)
                List<String> rows = f == null ? List.copyOf(stockOrder) : stockOrder.stream().filter(f::contains).toList();
                data.put("stocks", board.current(rows));
                data.put("futures", futuresSymbol == null ? null : board.current(futuresSymbol));
            }
            case FOREIGN -> data.put("foreign", filter(s.foreign(), f, ForeignView::symbol));
            case INDEX -> {
                data.put("indices", s.indices());
                data.put("futures", s.futures());
            }
        }
        m.put("data", data);
        return write(m);
    }

    private static <T> List<T> filter(List<T> items, Set<String> symbols, java.util.function.Function<T, String> key) {
        if (symbols == null) {
            return items;
        }
        List<T> out = new ArrayList<>();
        for (T t : items) {
            if (symbols.contains(key.apply(t))) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Called on the processor thread with coalesced changes: hands them to the fan-out thread, merging
     * with changes it has not taken yet, so the processor never waits for sockets.
     */
    @Override
    public void accept(MarketChanges ch) {
        if (clients.isEmpty() && connecting.isEmpty()) {
            boardStale = true; // nobody to tell: the next client's board starts again from the market
            return;
        }
        synchronized (lock) {
            pending = pending == null ? ch : pending.then(ch);
            lock.notifyAll();
        }
    }

    private void fanoutLoop() {
        while (running) {
            MarketChanges ch;
            synchronized (lock) {
                while (pending == null && joins.isEmpty() && running) {
                    try {
                        lock.wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ch = pending;
                pending = null;
            }
            try {
                prepareBoard();
                // snapshots first: they show the state before ch, which the deltas of ch are taken against
                for (Join j; (j = joins.poll()) != null; ) {
                    admit(j);
                }
            } catch (RuntimeException e) {
                LOG.warn("WebSocket snapshot failed", e);
            }
            if (ch != null) {
                try {
                    long t0 = System.nanoTime();
                    broadcast(ch);
                    broadcastTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    LOG.warn("WebSocket fan-out failed", e);
                }
            }
        }
    }

    /** Fan-out thread: the board starts from the market as it is when the first client comes. */
    private void prepareBoard() {
        if (boardStale) {
            boardStale = false;
            boardReady = false;
        }
        if (boardReady || (clients.isEmpty() && joins.isEmpty())) {
            return;
        }
        MarketSnapshot s = snapshots.get();
        List<Object> rows = new ArrayList<>(s.stocks());
        if (s.futures() != null) {
            rows.add(s.futures());
            futuresSymbol = s.futures().symbol();
        }
        stockOrder.clear();
        s.stocks().forEach(v -> stockOrder.add(v.symbol()));
        board.reset(rows);
        boardReady = true;
    }

    /** Fan-out thread: sends a joining client its snapshot and (from now on) its updates. */
    private void admit(Join j) {
        Client c = j.client();
        if (c.closed) {
            return;
        }
        if (j.newFilter()) {
            c.symbols = j.symbols();
        }
        send(c, snapshotMessage(c));
        List<String> early;
        synchronized (c) {
            c.admitted = true;
            early = List.copyOf(c.early);
            c.early.clear();
        }
        early.forEach(text -> send(c, text));
        if (connecting.remove(c.session) != null || clients.containsKey(c.session)) {
            clients.put(c.session, c);
        }
    }

    private void broadcast(MarketChanges ch) {
        // market rows become deltas against what every client holds (taken even with no market client,
        // so that the board stays current for the next snapshot)
        List<ObjectNode> stockDeltas = new ArrayList<>(ch.stocks().size());
        for (StockView v : ch.stocks()) {
            stockOrder.add(v.symbol());
            stockDeltas.add(board.next(v));
        }
        ObjectNode futuresDelta = null;
        if (ch.futures() != null) {
            futuresSymbol = ch.futures().symbol();
            futuresDelta = board.next(ch.futures());
        }
        // the common case first: one payload per channel for every client that takes everything
        byte[][] all = new byte[Channel.values().length][];
        for (Channel channel : Channel.values()) {
            Map<String, Object> data = updateData(channel, ch, null, stockDeltas, futuresDelta);
            if (data != null) {
                all[channel.ordinal()] = writeBytes(envelopeAt("update", channel, ch.ts(), data));
            }
        }
        for (Client c : new ArrayList<>(clients.values())) {
            Set<String> f = c.symbols;
            if (f == null) {
                byte[] bytes = all[c.channel.ordinal()];
                if (bytes != null) {
                    send(c, bytes);
                }
                continue;
            }
            Map<String, Object> data = updateData(c.channel, ch, f, stockDeltas, futuresDelta);
            if (data != null) {
                send(c, writeBytes(envelopeAt("update", c.channel, ch.ts(), data)));
            }
        }
    }

    private Map<String, Object> envelopeAt(String type, Channel channel, long ts, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("channel", channel.wire());
        m.put("ts", ts);
        m.put("data", data);
        return m;
    }

    /** The update payload for a channel, or null when nothing relevant changed. */
    private static Map<String, Object> updateData(Channel channel, MarketChanges ch, Set<String> f,
                                                  List<ObjectNode> stockDeltas, ObjectNode futuresDelta) {
        Map<String, Object> data = new LinkedHashMap<>();
        switch (channel) {
            case MARKET -> {
                List<ObjectNode> stocks = filter(stockDeltas, f, n -> n.path("symbol").asText());
                if (stocks.isEmpty() && futuresDelta == null) {
                    return null;
                }
                data.put("stocks", stocks);
                data.put("futures", futuresDelta);
            }
            case FOREIGN -> {
                List<ForeignView> foreign = filter(ch.foreign(), f, ForeignView::symbol);
                if (foreign.isEmpty()) {
                    return null;
                }
                data.put("foreign", foreign);
            }
            case INDEX -> {
                List<IndexView> indices = ch.indices();
                if (indices.isEmpty() && ch.futures() == null) {
                    return null;
                }
                data.put("indices", indices);
                data.put("futures", ch.futures());
            }
        }
        return data;
    }

    private void heartbeat() {
        for (Client c : clients.values()) {
            send(c, write(heartbeatMessage(c.channel)));
        }
    }

    /** An extra heartbeat as soon as the feed's state changes (streaming, reconnecting, idle...). */
    private void heartbeatOnFeedChange() {
        try {
            SourceStatus s = feed.get();
            String state = s == null ? null : s.state().wireName();
            String before = lastFeedState;
            lastFeedState = state;
            if (before != null && state != null && !before.equals(state)) {
                heartbeat();
            }
        } catch (RuntimeException e) {
            LOG.debug("feed status unavailable", e);
        }
    }

    /** {@code {"type":"heartbeat","channel":...,"ts":...,"feed":{"state":...,"lastEventMs":...}}} */
    private Map<String, Object> heartbeatMessage(Channel channel) {
        Map<String, Object> m = envelope("heartbeat", channel, null);
        Map<String, Object> f = feedInfo();
        if (f != null) {
            m.put("feed", f);
        }
        return m;
    }

    /** {@code {"state":...,"lastEventMs":...}} of the market-data source, or null when unknown. */
    private Map<String, Object> feedInfo() {
        SourceStatus s = feed.get();
        if (s == null) {
            return null;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("state", s.state().wireName());
        f.put("lastEventMs", s.lastEventMs() > 0 ? s.lastEventMs() : null);
        return f;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a WebSocket message", e);
        }
    }

    private byte[] writeBytes(Object o) {
        try {
            return json.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a WebSocket message", e);
        }
    }

    private void send(Client c, String text) {
        send(c, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Sends UTF-8 JSON; the byte array may be shared between clients (it is only read). */
    private void send(Client c, byte[] utf8) {
        if (c.closed) {
            return;
        }
        if (c.pending.incrementAndGet() > MAX_PENDING) {
            c.pending.decrementAndGet();
            drop(c);
            return;
        }
        try {
            if (c.core != null) {
                c.core.sendFrame(new Frame(OpCode.TEXT, java.nio.ByteBuffer.wrap(utf8)),
                        org.eclipse.jetty.util.Callback.from(c.pending::decrementAndGet, t -> c.pending.decrementAndGet()), false);
            } else {
                c.session.sendText(new String(utf8, java.nio.charset.StandardCharsets.UTF_8),
                        Callback.from(c.pending::decrementAndGet, t -> c.pending.decrementAndGet()));
            }
            sent.increment();
        } catch (RuntimeException e) {
            c.pending.decrementAndGet();
            remove(c.session);
        }
    }

    private void drop(Client c) {
        if (clients.remove(c.session) == null) {
            return;
        }
        c.closed = true;
        droppedClients.increment();
        LOG.info("closing a slow {} WebSocket client ({} messages pending)", c.channel.wire(), MAX_PENDING);
        try {
            c.session.close(1008, "too slow", Callback.NOOP);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    /** Closes every client (1001 going away) and stops heartbeats. */
    @Override
    public void close() {
        running = false;
        fanout.interrupt();
        heartbeats.shutdownNow();
        List<Client> all = new ArrayList<>(clients.values());
        all.addAll(connecting.values());
        for (Client c : all) {
            try {
                c.session.close(1001, "server shutting down", Callback.NOOP);
            } catch (RuntimeException e) {
                // ignore
            }
        }
        clients.clear();
        connecting.clear();
    }
}
