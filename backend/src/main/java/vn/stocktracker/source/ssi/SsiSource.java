package vn.stocktracker.source.ssi;

import vn.stocktracker.market.Bar;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.MarketEventSink;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;
import vn.stocktracker.source.SourceThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The real market feed: SSI FastConnect Data v2. One supervisor thread logs in, loads the VN30 watchlist
 * and security details once, then keeps one SignalR connection alive: negotiate, connect, subscribe
 * ({@code SwitchChannels} after every (re)connect), decode frames into events, and on any loss reconnect
 * with exponential backoff and jitter. A rejected login is state {@code failed} with detail
 * {@code auth failed: ...}, retried every {@code SSI_AUTH_RETRY_MS}; no other data is substituted.
 * A connection that shows no frame (not even a keep-alive) for the negotiated keep-alive timeout is
 * treated as dead.
 */
public final class SsiSource implements MarketDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(SsiSource.class);
    /** A connection that lived this long resets the backoff. */
    private static final long STABLE_MS = 30_000;
    /** Connected but no data event for this long: idle (market closed), not streaming. */
    private static final long IDLE_AFTER_MS = 60_000;

    private final SsiConfig config;
    private final Instruments instruments;
    private final Clock clock;
    private final HttpClient http;
    private final SsiAuth auth;
    private final SsiRestClient rest;
    private final SsiFrameDecoder decoder;
    private final Backoff backoff;
    private final Object deliver = new Object();
    private final Map<String, SecurityInfo> securities = new ConcurrentHashMap<>();

    private final SourceThread supervisor = new SourceThread("ssi-source");
    private volatile SignalRConnection connection;
    private volatile Handler handler;
    private volatile SourceState state = SourceState.NEW;
    private volatile String detail = "";
    private volatile boolean connected;
    private volatile long connectedAtMs;
    private volatile long lastFrameMs;
    private volatile long eventsOut;
    private volatile long lastEventMs;
    private volatile long reconnects;
    private volatile List<String> watchlist = List.of();
    private MarketEventSink sink;
    private FrameLog recorder;
    private boolean referenceLoaded;
    private int attempt;
    private volatile SsiCandleBackfill backfill;
    private volatile Thread backfillThread;

    public SsiSource(SsiConfig config, Instruments instruments, Clock clock) {
        this.config = config;
        this.instruments = instruments;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.auth = new SsiAuth(config, http, clock);
        this.rest = new SsiRestClient(config, http, auth);
        this.decoder = new SsiFrameDecoder(instruments::contains, clock);
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(), new Random());
    }

    @Override
    public String name() {
        return "ssi";
    }

    /** The REST client (history back-fill on demand: {@code DailyOhlc}, {@code IntradayOhlc}). */
    public SsiRestClient rest() {
        return rest;
    }

    /** Where {@link #backfillCandles} puts SSI's 1-minute bars: inserts the minutes without a candle before {@code beforeMs}. */
    @FunctionalInterface
    public interface CandleStore {
        int insertMissing(List<Bar> minuteBars, long beforeMs) throws Exception;
    }

    /**
     * After the first connection, fills today's earlier minutes that have no candle (the tracker was down)
     * from SSI's {@code IntradayOhlc}, once, on its own thread; {@code ready} says when the store can be
     * written. Call before {@link #start}.
     */
    public void backfillCandles(CandleStore store, BooleanSupplier ready) {
        this.backfill = new SsiCandleBackfill(rest, instruments, store, ready);
    }

    /** The back-fill thread, once started (tests wait for it). */
    Thread backfillThread() {
        return backfillThread;
    }


    /** VN30 components as SSI listed them at start (empty until loaded). */
    public List<String> watchlist() {
        return watchlist;
    }

    /** Security details (names, lot, ticks) of the tracked stocks, once loaded. */
    public Map<String, SecurityInfo> securities() {
        return Map.copyOf(securities);
    }

    /** Decoder counters (frames, malformed...), for tests and metrics. */
    public SsiFrameDecoder.Counters counters() {
        return decoder.counters();
    }

    /** Completed reconnects (connections after the first). */
    public long reconnects() {
        return reconnects;
    }

    @Override
    public void start(MarketEventSink sink) {
        supervisor.start(() -> {
            this.sink = sink;
            state = SourceState.CONNECTING;
            detail = "logging in to " + config.baseUrl();
            openRecorder();
        }, this::supervise);
    }

    private void openRecorder() {
        if (config.recordFile() != null) {
            try {
                recorder = FrameLog.append(config.recordFile());
                LOG.info("SSI frames are recorded to {}", config.recordFile());
            } catch (IOException e) {
                LOG.error("SSI_RECORD_FILE: cannot open {} ({}); frames are not recorded", config.recordFile(), e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        SignalRConnection c = connection;
        supervisor.stopping();
        if (c != null) {
            c.abort("source stopped");
        }
        supervisor.stop(Duration.ofMillis(1500));
        Thread fill = backfillThread;
        if (fill != null) {
            fill.interrupt();
        }
        synchronized (deliver) {
            // waits for a frame being delivered right now; none is delivered afterwards
            state = SourceState.STOPPED;
            detail = "stopped";
            connected = false;
        }
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                LOG.warn("SSI_RECORD_FILE: closing {} failed: {}", config.recordFile(), e.getMessage());
            }
        }
    }

    @Override
    public SourceStatus status() {
        SourceState s = state;
        String d = detail;
        if (s == SourceState.STREAMING || s == SourceState.IDLE) {
            long last = Math.max(lastEventMs, connectedAtMs);
            boolean quiet = clock.millis() - last >= IDLE_AFTER_MS;
            if (quiet) {
                s = SourceState.IDLE;
                d = "connected; no market data for a minute (market closed?)";
            }
        }
        SsiFrameDecoder.Counters c = decoder.counters();
        if (c.malformedFrames + c.invalidPayloads > 0) {
            d = d + (d.isEmpty() ? "" : "; ") + (c.malformedFrames + c.invalidPayloads) + " malformed frames skipped";
        }
        return new SourceStatus(s, d, eventsOut, lastEventMs);
    }

    private void setState(SourceState s, String d) {
        synchronized (deliver) {
            if (!supervisor.running()) {
                return;
            }
            state = s;
            detail = d;
        }
    }

    // ---- supervisor ----

    private void supervise() {
        while (supervisor.running()) {
            try {
                auth.token();
                if (!referenceLoaded) {
                    loadReference();
                }
                connectOnce();
                if (!supervisor.running()) {
                    break;
                }
                long lived = clock.millis() - connectedAtMs;
                if (connectedAtMs > 0 && lived >= STABLE_MS) {
                    backoff.reset();
                }
                sleepBackoff(SourceState.RECONNECTING, "connection lost: " + connection.closed().getNow("?"));
            } catch (SsiAuthException e) {
                String msg = "auth failed: " + e.getMessage();
                LOG.error("{}; retrying in {} ms", msg, config.authRetry().toMillis());
                setState(SourceState.FAILED, msg);
                if (!sleep(config.authRetry().toMillis())) {
                    break;
                }
            } catch (IOException e) {
                if (e instanceof SsiApiException api && api.status() == 401) {
                    auth.invalidate();
                }
                if (!sleepBackoff(SourceState.RECONNECTING, e.getMessage())) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("SSI source: unexpected error, reconnecting", e);
                if (!sleepBackoff(SourceState.RECONNECTING, "unexpected error: " + e)) {
                    break;
                }
            }
        }
    }

    private boolean sleepBackoff(SourceState s, String reason) {
        long delay = backoff.next();
        LOG.warn("SSI stream: {}; reconnecting in {} ms (attempt {})", reason, delay, backoff.attempts());
        setState(s, reason + "; retrying in " + delay + " ms");
        return sleep(delay);
    }

    private boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return supervisor.running();
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** VN30 components and security details, once; failures other than auth are logged and retried next time. */
    private void loadReference() throws SsiAuthException, InterruptedException {
        setState(SourceState.CONNECTING, "loading the VN30 watchlist");
        try {
            List<String> vn30 = rest.indexComponents(Instruments.VN30_INDEX);
            watchlist = List.copyOf(vn30);
            // the tracked list was fixed at start (SSI's, or the built-in one when SSI did not answer then)
            List<String> tracked = instruments.stocks().stream().map(vn.stocktracker.market.Instrument::symbol).toList();
            List<String> added = new ArrayList<>(vn30);
            added.removeAll(tracked);
            if (!added.isEmpty()) {
                LOG.warn("SSI VN30 components now include {} which are not tracked (the list was fixed at start); "
                        + "restart the backend to track them", added);
            }
            for (SecurityInfo s : rest.securitiesDetails("HOSE", "")) {
                if (instruments.contains(s.symbol())) {
                    securities.put(s.symbol(), s);
                }
            }
            referenceLoaded = true;
        } catch (IOException e) {
            LOG.warn("SSI reference data not loaded yet ({}); streaming anyway, retried on the next connection",
                    e.getMessage());
        }
    }

    private void connectOnce() throws IOException, SsiAuthException, InterruptedException {
        setState(SourceState.CONNECTING, "negotiating with " + config.streamUrl());
        String token = auth.token();
        Handler h = new Handler();
        handler = h;
        SignalRConnection c = new SignalRConnection(http, config.streamUrl(), config.timeout(), h);
        connection = c;
        c.negotiate(token);
        if (!supervisor.running()) {
            return;
        }
        if (attempt > 0) {
            // before connecting: the first data frames may arrive before connect() even returns
            synchronized (deliver) {
                decoder.reseed();
            }
        }
        c.connect(token, attempt++);
        connected = true;
        connectedAtMs = clock.millis();
        SsiCandleBackfill fill = backfill;
        if (fill != null && backfillThread == null) {
            long firstLive = connectedAtMs;
            backfillThread = Thread.ofVirtual().name("ssi-candle-backfill").start(() -> {
                try {
                    fill.run(firstLive);
                } catch (InterruptedException e) {
                    LOG.info("SSI candle back-fill stopped with the source");
                }
            });
        }
        lastFrameMs = connectedAtMs;
        if (attempt > 1) {
            reconnects++;
        }
        setState(SourceState.IDLE, "connected; subscribing to " + config.channels());
        LOG.info("SSI stream connected to {} (connection {})", config.streamUrl(), attempt);
        c.start(token);
        long keepAlive = Math.max(2_000, c.negotiation().keepAliveTimeout().toMillis());
        long answerWithin = config.timeout().toMillis();
        try {
            while (supervisor.running() && !c.closed().isDone()) {
                try {
                    c.closed().get(250, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long now = clock.millis();
                    if (h.subscribeSentMs == 0 && now - connectedAtMs > 1000) {
                        // no init frame from the hub: subscribe anyway
                        synchronized (deliver) {
                            h.subscribe();
                        }
                    } else if (!h.subscribeAcked && h.subscribeSentMs > 0 && now - h.subscribeSentMs > answerWithin) {
                        c.abort("SwitchChannels was not answered within " + answerWithin + " ms");
                    } else if (now - lastFrameMs > keepAlive) {
                        c.abort("no frame, not even a keep-alive, for " + keepAlive + " ms");
                    } else if (auth.refreshAtMs() > 0 && now >= auth.refreshAtMs()) {
                        // the token is due for renewal: move the stream to a fresh one before the JWT expires
                        // (a hub may drop connections whose token has expired)
                        LOG.info("SSI access token due for renewal; reconnecting the stream with a fresh token");
                        c.close();
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    break;
                }
            }
        } finally {
            connected = false;
            if (!supervisor.running()) {
                c.abort("source stopped");
            }
        }
    }

    /** Frames of the current connection: record, decode, deliver; under the delivery lock. */
    private final class Handler implements SignalRConnection.Listener {

        private boolean subscribed;
        private int subscribeId = -1;
        volatile long subscribeSentMs;
        volatile boolean subscribeAcked;

        private final MarketEventSink out = this::emit;

        private void emit(MarketEvent e) {
            sink.accept(e);
            eventsOut++;
            lastEventMs = clock.millis();
        }

        @Override
        public void onFrame(String frame) {
            long now = clock.millis();
            lastFrameMs = now;
            synchronized (deliver) {
                if (!supervisor.running()) {
                    return;
                }
                if (recorder != null && !"{}".equals(frame)) {
                    try {
                        recorder.write(now, frame);
                    } catch (IOException e) {
                        LOG.warn("SSI_RECORD_FILE: write failed ({}); recording stops", e.getMessage());
                        recorder = null;
                    }
                }
                SsiFrameDecoder.Kind kind = decoder.decode(frame, out);
                switch (kind) {
                    case INIT -> {
                        if (!subscribed) {
                            subscribe();
                        }
                    }
                    case DATA -> {
                        if (!subscribed) {
                            subscribe();
                        }
                        if (state != SourceState.STREAMING) {
                            state = SourceState.STREAMING;
                            detail = "streaming " + config.channels();
                        }
                    }
                    case MALFORMED -> {
                        long n = decoder.counters().malformedFrames;
                        if (Long.bitCount(n) == 1) {
                            // 1st, 2nd, 4th, 8th...: visible without flooding the log
                            LOG.warn("SSI stream: skipped malformed frame #{} ({})", n, decoder.lastMalformed());
                        }
                    }
                    case CONTROL -> control();
                    default -> {
                    }
                }
            }
        }

        /** {@code SwitchChannels} with the configured list; called under the delivery lock. */
        void subscribe() {
            SignalRConnection c = connection;
            if (c == null || c.closed().isDone()) {
                return;
            }
            subscribeId = c.invoke("SwitchChannels", config.channels());
            if (subscribeId >= 0) {
                subscribed = true;
                subscribeSentMs = clock.millis();
            }
        }

        private void control() {
            String id = decoder.lastInvocationId();
            String err = decoder.lastError();
            if (id != null && id.equals(Integer.toString(subscribeId))) {
                if (err == null) {
                    subscribeAcked = true;
                    LOG.info("SSI hub accepted SwitchChannels {}", config.channels());
                } else {
                    String reason = "the hub refused SwitchChannels " + config.channels() + ": " + err + "; check SSI_CHANNELS";
                    LOG.error("SSI {}", reason);
                    SignalRConnection c = connection;
                    if (c != null) {
                        // reconnect with backoff; the reason stays visible in the stream detail
                        Thread.ofVirtual().start(() -> c.abort(reason));
                    }
                }
            }
            if (err != null) {
                LOG.warn("SSI hub reported an error{}: {}",
                        decoder.lastInvocationId() == null ? "" : " for invocation " + decoder.lastInvocationId(), err);
                detail = "hub error: " + err;
            }
            if (decoder.lastAskedToReconnect()) {
                SignalRConnection c = connection;
                if (c != null) {
                    Thread.ofVirtual().start(() -> c.abort("the server asked the client to reconnect"));
                }
            }
        }

        @Override
        public void onClosed(String reason) {
            connected = false;
        }
    }
}
