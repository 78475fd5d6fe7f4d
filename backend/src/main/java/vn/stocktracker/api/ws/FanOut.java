package vn.stocktracker.api.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.api.ws.WsMessage.Snapshot;
import vn.stocktracker.api.ws.WsMessage.Update;
import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketSnapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fan-out loop: takes what the {@link MarketFeed} changed (merged while it is busy, so the feed
 * never waits for sockets), applies it to the {@link Board} and hands each client its update,
 * serialised once per channel for the clients that take everything. Clients behind get catch-ups
 * ({@link ClientSession}). Snapshots (connect, subscribe, a feed that started again) are made by this
 * thread between two updates, from the same board the next deltas are taken against, so a client's
 * snapshot is exactly what the next delta applies to. Nothing runs before {@link #start()}.
 */
final class FanOut implements Consumer<FeedUpdate>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final long STALL_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** "Nothing for this channel and filter" in the per-update cache. */
    private static final byte[] NOTHING = new byte[0];

    private final MarketFeed feed;
    private final ObjectMapper json;
    private final Clock clock;
    private final WsMetrics metrics;
    private final long stallNanos;
    private final Board board;
    private final Set<ClientSession> clients = ConcurrentHashMap.newKeySet();
    private final Queue<Join> joins = new ConcurrentLinkedQueue<>();
    private final Queue<ClientSession> writable = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean boardStale = true; // fan-out thread only
    // guarded by lock: what the feed sent since the loop last looked
    private MarketSnapshot pendingReset;
    private MarketChanges pendingChanges;
    private long pendingSeq;

    /** A client to snapshot: on connect, or on subscribe with its new filter. */
    private record Join(ClientSession client, boolean newFilter, Set<String> symbols) {
    }

    FanOut(MarketFeed feed, ObjectMapper json, Clock clock, WsMetrics metrics, long stallNanos) {
        this.feed = feed;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.stallNanos = stallNanos;
        this.board = new Board(json);
        this.thread = Thread.ofPlatform().name("ws-fanout").daemon(true).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    int clientCount(Channel c) {
        return (int) clients.stream().filter(s -> s.channel == c).count();
    }

    List<ClientSession> clients() {
        return List.copyOf(clients);
    }

    /** Sends {@code client} a snapshot and, from then on, its updates; {@code symbols} replaces its filter when {@code newFilter}. */
    void join(ClientSession client, boolean newFilter, Set<String> symbols) {
        joins.add(new Join(client, newFilter, symbols));
        wake();
    }

    void remove(ClientSession client) {
        client.gone();
        clients.remove(client);
    }

    /** A client that was behind can take its catch-up (from a transport thread). */
    void writable(ClientSession client) {
        writable.add(client);
        wake();
    }

    /** The feed's thread: merges with what the loop has not taken yet. */
    @Override
    public void accept(FeedUpdate update) {
        synchronized (lock) {
            switch (update) {
                case FeedUpdate.Reset r -> {
                    pendingReset = r.snapshot();
                    pendingChanges = null;
                }
                case FeedUpdate.Changes c -> pendingChanges = pendingChanges == null ? c.changes() : pendingChanges.then(c.changes());
            }
            pendingSeq = update.seq();
            lock.notifyAll();
        }
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void loop() {
        long nextStallCheck = System.nanoTime() + STALL_CHECK_NANOS;
        while (running) {
            synchronized (lock) {
                while (running && !hasWork() && System.nanoTime() < nextStallCheck) {
                    try {
                        lock.wait(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                runPending();
                if (System.nanoTime() > nextStallCheck) {
                    nextStallCheck = System.nanoTime() + STALL_CHECK_NANOS;
                    dropStalled();
                }
            } catch (RuntimeException e) {
                LOG.warn("WebSocket fan-out failed", e);
            }
        }
    }

    private boolean hasWork() {
        return pendingReset != null || pendingChanges != null || !joins.isEmpty() || !writable.isEmpty();
    }

    /** One pass over what is pending (the loop's body; tests call it directly instead of starting the thread). */
    void runPending() {
        MarketSnapshot reset;
        MarketChanges changes;
        long seq;
        synchronized (lock) {
            reset = pendingReset;
            changes = pendingChanges;
            seq = pendingSeq;
            pendingReset = null;
            pendingChanges = null;
        }
        cycle(reset, changes, seq);
    }

    /** One pass: a restart of the feed, then joins (their snapshots precede the changes), changes, catch-ups. */
    private void cycle(MarketSnapshot reset, MarketChanges changes, long seq) {
        if (clients.isEmpty() && joins.isEmpty()) {
            // nobody to tell: the next client's board starts again from the feed. Decided here, on the
            // thread that admits clients, and not by the feed's thread: a client being admitted (taken
            // from the joins, not yet among the clients) would look like nobody there, and its board
            // would be taken again under it without a new snapshot
            boardStale = true;
            return;
        }
        if (reset != null) {
            board.reset(reset, seq);
            boardStale = false;
            for (ClientSession c : clients) {
                joins.add(new Join(c, false, null)); // everyone starts again from the new state
            }
        } else if (boardStale && (!clients.isEmpty() || !joins.isEmpty())) {
            LiveState now = feed.current();
            board.reset(now.snapshot(), now.seq());
            boardStale = false;
        }
        Map<Object, byte[]> snapshots = new HashMap<>();
        for (Join j; (j = joins.poll()) != null; ) {
            admit(j, snapshots);
        }
        if (changes != null && seq > board.seq()) { // else the board was just taken from a state that includes them
            long t0 = System.nanoTime();
            broadcast(board.apply(changes, seq));
            metrics.broadcast.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        Map<Object, byte[]> catchUps = new HashMap<>();
        for (ClientSession c; (c = writable.poll()) != null; ) {
            if (c.readyForCatchUp()) {
                catchUp(c, catchUps);
            }
        }
    }

    private void admit(Join j, Map<Object, byte[]> cache) {
        ClientSession c = j.client();
        if (c.closed()) {
            return;
        }
        if (j.newFilter()) {
            c.symbols(j.symbols());
        }
        Set<String> f = c.symbols();
        MarketSnapshot latest = c.channel == Channel.INDEX || c.channel == Channel.ALERTS ? feed.current().snapshot()
                : MarketSnapshot.EMPTY;
        byte[] bytes = cache.computeIfAbsent(List.of(c.channel, Objects.requireNonNullElse(f, Set.of("*"))), k -> write(
                new Snapshot(c.channel.wire(), clock.millis(), board.seq(), f == null ? null : List.copyOf(f),
                        WsMessage.Feed.of(feed.status()), board.snapshotData(c.channel, f, latest))));
        c.admit(bytes);
        if (!c.closed()) {
            clients.add(c);
        }
    }

    private void broadcast(Board.Step step) {
        long ts = step.changes().ts();
        Map<Object, byte[]> updates = new HashMap<>(); // one payload per channel and filter
        Map<Object, byte[]> catchUps = new HashMap<>();
        for (ClientSession c : clients) {
            Set<String> f = c.symbols();
            Object key = List.of(c.channel, Objects.requireNonNullElse(f, Set.of("*")));
            byte[] bytes = updates.computeIfAbsent(key, k -> {
                Object data = board.updateData(c.channel, step, f);
                return data == null ? NOTHING : write(new Update(c.channel.wire(), ts, board.seq(), data));
            });
            if (bytes == NOTHING) {
                continue;
            }
            if (!c.offer(bytes, board.changedRows(c.channel, step, f), board.futuresChanged(c.channel, step)) && c.readyForCatchUp()) {
                catchUp(c, catchUps);
            }
        }
    }

    /** The latest state of what {@code c} missed, shared by clients that missed the same rows. */
    private void catchUp(ClientSession c, Map<Object, byte[]> cache) {
        ClientSession.Dirty missed = c.takeDirty();
        if (missed.rows().isEmpty() && !missed.futures()) {
            return;
        }
        byte[] bytes = cache.computeIfAbsent(List.of(c.channel, missed), k -> write(
                new Update(c.channel.wire(), clock.millis(), board.seq(), board.catchUpData(c.channel, missed))));
        c.send(bytes);
        metrics.catchUps.increment();
    }

    void dropStalled() {
        for (ClientSession c : new ArrayList<>(clients)) {
            if (c.stalled(stallNanos)) {
                LOG.info("closing a stalled {} WebSocket client ({} frames unwritten for {} s)", c.channel.wire(),
                        c.inFlight(), TimeUnit.NANOSECONDS.toSeconds(stallNanos));
                c.drop();
            }
            if (c.closed()) {
                clients.remove(c);
            }
        }
    }

    private byte[] write(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a WebSocket message", e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
