package vn.stocktracker.api.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One WebSocket client and its sender, which conflates instead of queueing: a client that keeps up
 * gets every update (the bytes shared with every other client); one that is behind (its socket has not
 * taken the last {@value #MAX_DATA_IN_FLIGHT} frames yet) gets no new frame, its changed rows are
 * only marked, and when its socket is free again it gets one catch-up with the latest state of those
 * rows. So what waits for a slow client is a set of row names, never a queue of stale messages: its
 * update rate drops while its rows stay current. A client whose socket takes nothing for
 * {@code stallNanos} is closed (1008), as is one that lets {@value #MAX_IN_FLIGHT} frames pile up
 * (replies to its own messages included).
 *
 * <p>Threads: {@link #offer}, {@link #markBehind}, {@link #takeDirty} on the fan-out thread only;
 * {@link #send} from any thread (the transport keeps frames in order).
 */
final class ClientSession {
    static final int MAX_DATA_IN_FLIGHT = 2;
    static final int MAX_IN_FLIGHT = 64;

    final Channel channel;
    private final WsTransport transport;
    private final WsMetrics metrics;
    private final LongSupplier nanoTime;
    private final Consumer<ClientSession> onWritableWhileBehind;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean queuedForCatchUp = new AtomicBoolean();
    private volatile long lastProgressNanos;
    private volatile boolean closed;
    private volatile Set<String> symbols; // null = everything
    // admission: replies wait for the first snapshot (guarded by this)
    private boolean admitted;
    private final List<byte[]> early = new ArrayList<>();
    // conflation, fan-out thread only (behind is read by the completion callback)
    private final Set<String> dirty = new LinkedHashSet<>();
    private boolean dirtyFutures;
    private volatile boolean behind;

    /**
     * @param onWritableWhileBehind called (from a transport thread) when a client that is behind can
     *                              take its catch-up; the fan-out sends it
     */
    ClientSession(Channel channel, WsTransport transport, WsMetrics metrics, LongSupplier nanoTime,
                  Consumer<ClientSession> onWritableWhileBehind) {
        this.channel = channel;
        this.transport = transport;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.onWritableWhileBehind = onWritableWhileBehind;
        this.lastProgressNanos = nanoTime.getAsLong();
    }

    Set<String> symbols() {
        return symbols;
    }

    void symbols(Set<String> symbols) {
        this.symbols = symbols;
    }

    boolean closed() {
        return closed;
    }

    /** Frames handed to the socket and not written yet. */
    int inFlight() {
        return inFlight.get();
    }

    boolean behind() {
        return behind;
    }

    /** Whether a data frame may go now. */
    boolean canTakeData() {
        return !closed && inFlight.get() < MAX_DATA_IN_FLIGHT;
    }

    /**
     * Fan-out thread: an update of {@code rows} (and the futures row) for this client. Sent when the
     * client keeps up; otherwise the rows are marked for its catch-up and false is returned.
     */
    boolean offer(byte[] update, Collection<String> rows, boolean futures) {
        if (!behind && canTakeData()) {
            send(update);
            return true;
        }
        markBehind(rows, futures);
        metrics.conflated.increment();
        return false;
    }

    /** Fan-out thread: these rows changed and this client has not got them. */
    void markBehind(Collection<String> rows, boolean futures) {
        dirty.addAll(rows);
        dirtyFutures |= futures;
        behind = true;
    }

    /** Fan-out thread: whether the catch-up can go now. */
    boolean readyForCatchUp() {
        queuedForCatchUp.set(false);
        return behind && canTakeData();
    }

    /** Fan-out thread: the rows the catch-up carries; the client counts as keeping up again. */
    Dirty takeDirty() {
        Dirty d = new Dirty(List.copyOf(dirty), dirtyFutures);
        dirty.clear();
        dirtyFutures = false;
        behind = false;
        return d;
    }

    /** Rows a client missed while it was behind. */
    record Dirty(List<String> rows, boolean futures) {
    }

    /** Fan-out thread: a snapshot replaces whatever the client missed; replies held back go after it. */
    void admit(byte[] snapshot) {
        dirty.clear();
        dirtyFutures = false;
        behind = false;
        send(snapshot);
        List<byte[]> held;
        synchronized (this) {
            admitted = true;
            held = List.copyOf(early);
            early.clear();
        }
        held.forEach(this::send);
    }

    /** An answer to a client message: held back until the client's first snapshot went out. */
    void reply(byte[] message) {
        synchronized (this) {
            if (!admitted) {
                early.add(message);
                return;
            }
        }
        send(message);
    }

    /** A heartbeat, unless the client is behind with data (then data will reach it first). */
    void heartbeat(byte[] message) {
        boolean admittedNow;
        synchronized (this) {
            admittedNow = admitted;
        }
        if (admittedNow && !behind && canTakeData()) {
            send(message);
        } else if (admittedNow) {
            metrics.heartbeatsSkipped.increment();
        }
    }

    /** Hands a frame to the socket, or closes the client when {@value #MAX_IN_FLIGHT} are still unwritten. */
    void send(byte[] utf8) {
        if (closed) {
            return;
        }
        int n = inFlight.incrementAndGet();
        if (n > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            drop();
            return;
        }
        if (n == 1) {
            lastProgressNanos = nanoTime.getAsLong();
        }
        try {
            transport.send(utf8, this::written, t -> written());
            metrics.sent.increment();
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            close(1011, "send failed");
        }
    }

    private void written() {
        lastProgressNanos = nanoTime.getAsLong();
        int left = inFlight.decrementAndGet();
        if (behind && left < MAX_DATA_IN_FLIGHT && queuedForCatchUp.compareAndSet(false, true)) {
            onWritableWhileBehind.accept(this);
        }
    }

    /** Whether frames have been waiting for longer than {@code stallNanos} without any being written. */
    boolean stalled(long stallNanos) {
        return !closed && inFlight.get() > 0 && nanoTime.getAsLong() - lastProgressNanos > stallNanos;
    }

    /** Closes a client that does not take its data (1008), counted. */
    void drop() {
        if (!closed) {
            metrics.dropped.increment();
            close(1008, "too slow");
        }
    }

    void close(int code, String reason) {
        closed = true;
        transport.close(code, reason);
    }

    /** Marks the client gone (its socket closed) without closing anything. */
    void gone() {
        closed = true;
    }
}
