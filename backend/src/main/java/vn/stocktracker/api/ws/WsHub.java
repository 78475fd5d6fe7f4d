package vn.stocktracker.api.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.source.SourceStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket endpoints {@code /ws/market}, {@code /ws/foreign}, {@code /ws/index} and {@code /ws/alerts} (API.md): each
 * connection becomes a {@link ClientSession} fed by the {@link FanOut}; client messages are read by
 * {@link ClientRequest#parse}; heartbeats every {@code heartbeat} and at once when the feed's state
 * changes. The live data comes from a {@link MarketFeed}: the local processor or, on an API replica,
 * Redis. Threads start in {@link #start()}, not before.
 */
public final class WsHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsHub.class);
    /** A client whose socket takes nothing for this long is closed (1008). */
    static final Duration STALL = Duration.ofSeconds(10);

    private final MarketFeed feed;
    private final Instruments instruments;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration heartbeat;
    private final int maxClients;
    private final byte[] token; // empty: sockets are open
    private final WsMetrics metrics;
    private final FanOut fanOut;
    private final Map<Session, ClientSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("ws-heartbeat").daemon(true).unstarted(r));
    private volatile String lastFeedState; // heartbeat thread

    /** @param maxClients connections beyond this many are refused (1013, try again later) */
    public WsHub(MarketFeed feed, Instruments instruments, ObjectMapper json, Clock clock, Duration heartbeat,
                 int maxClients, MeterRegistry registry) {
        this(feed, instruments, json, clock, heartbeat, maxClients, registry, "");
    }

    /**
     * @param token when not empty, a client must pass it as {@code ?token=} or is closed with 4401
     *              ({@code WS_TOKEN}); empty leaves the sockets open
     */
    public WsHub(MarketFeed feed, Instruments instruments, ObjectMapper json, Clock clock, Duration heartbeat,
                 int maxClients, MeterRegistry registry, String token) {
        this.token = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.feed = feed;
        this.instruments = instruments;
        this.json = json;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.maxClients = maxClients;
        this.metrics = new WsMetrics(registry, c -> fanOutClients(c));
        this.fanOut = new FanOut(feed, json, clock, metrics, STALL.toNanos());
    }

    private long fanOutClients(Channel c) {
        return fanOut == null ? 0 : fanOut.clientCount(c);
    }

    /** Registers the endpoints, one per {@link Channel}. */
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

    /** Starts the fan-out, takes the feed's changes and starts the heartbeats. */
    public void start() {
        fanOut.start();
        feed.subscribe(fanOut);
        long hb = heartbeat.toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
        heartbeats.scheduleWithFixedDelay(this::heartbeatOnFeedChange, 1, 1, TimeUnit.SECONDS);
    }

    public int clientCount() {
        return sessions.size();
    }

    private void connect(WsContext ctx, Channel channel) {
        if (!authorised(ctx.queryParam("token"))) {
            metrics.refused.increment();
            // an application close code, so the page can say "token needed" instead of retrying blindly
            WsTransport.of(ctx.session).close(4401, "missing or wrong token; connect with ?token=<WS_TOKEN>");
            return;
        }
        if (sessions.size() >= maxClients) {
            metrics.refused.increment();
            WsTransport.of(ctx.session).close(1013, "server full, try again later");
            return;
        }
        ctx.session.setIdleTimeout(Duration.ofMinutes(5));
        ClientSession c = new ClientSession(channel, WsTransport.of(ctx.session), metrics, System::nanoTime, fanOut::writable);
        sessions.put(ctx.session, c);
        fanOut.join(c, false, null);
    }

    private boolean authorised(String given) {
        if (token.length == 0) {
            return true;
        }
        byte[] g = given == null ? new byte[0] : given.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(token, g); // constant time: the token is a secret
    }

    private void remove(Session s) {
        ClientSession c = sessions.remove(s);
        if (c != null) {
            fanOut.remove(c);
        }
    }

    private void message(WsContext ctx, String text) {
        ClientSession c = sessions.get(ctx.session);
        if (c == null) {
            return;
        }
        switch (ClientRequest.parse(text, json, instruments::contains)) {
            case ClientRequest.Subscribe s -> fanOut.join(c, true, s.symbols());
            case ClientRequest.Ping p -> c.reply(write(heartbeatMessage(c.channel)));
            case ClientRequest.Invalid i -> c.reply(write(WsMessage.Error.badRequest(c.channel, clock.millis(), i.detail())));
        }
    }

    private WsMessage.Heartbeat heartbeatMessage(Channel channel) {
        return new WsMessage.Heartbeat(channel.wire(), clock.millis(), WsMessage.Feed.of(feed.status()));
    }

    private void heartbeat() {
        try {
            Map<Channel, byte[]> messages = new java.util.EnumMap<>(Channel.class);
            for (ClientSession c : fanOut.clients()) {
                c.heartbeat(messages.computeIfAbsent(c.channel, ch -> write(heartbeatMessage(ch))));
            }
        } catch (RuntimeException e) {
            LOG.warn("WebSocket heartbeat failed", e);
        }
    }

    /** An extra heartbeat as soon as the feed's state changes (streaming, reconnecting, idle...). */
    private void heartbeatOnFeedChange() {
        SourceStatus s = feed.status();
        String state = s == null ? null : s.state().wireName();
        String before = lastFeedState;
        lastFeedState = state;
        if (before != null && state != null && !Objects.equals(before, state)) {
            heartbeat();
        }
    }

    private byte[] write(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a WebSocket message", e);
        }
    }

    /** Closes every client (1001 going away) and stops the threads. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        fanOut.close();
        for (ClientSession c : sessions.values()) {
            c.close(1001, "server shutting down");
        }
        sessions.clear();
    }
}
