package vn.stocktracker.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket clients on one NIO thread, as light as a client can be, so that on a small machine
 * the benchmark measures the server rather than the clients: a raw RFC 6455 handshake (optionally
 * from one of several source addresses, so that limits per address see many clients), then frames are
 * parsed from the byte stream as it arrives. Payloads are skipped without being buffered, except on
 * sampled clients, which scan the stock rows of their update messages for {@code "ts":} values (row
 * age at the client; since 2026-12-07 without the futures row, whose stamp is its last trade). The handshake's HTTP status and the server's close codes are counted. With
 * {@link #offerDeflate}, the handshake offers permessage-deflate as browsers do; sampled clients then
 * inflate compressed messages (one inflater per connection, its window kept from message to message,
 * as a browser keeps it), the others skip them as they skip everything: the bytes they count are the
 * bytes on the wire.
 */
final class RawWsClients implements AutoCloseable {
    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPDATE = "\"type\":\"update\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FUTURES = "\"futures\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SAMPLED_PAYLOAD = 1 << 20;

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final Queue<Conn> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer read = ByteBuffer.allocateDirect(1 << 18);
    private final Thread thread;
    final long[] samples = new long[8_000_000];
    final AtomicInteger sampleCount = new AtomicInteger();
    /** Text frames received while {@link #measuring}. */
    final AtomicLong messages = new AtomicLong();
    /** Bytes received while {@link #measuring}. */
    final AtomicLong bytes = new AtomicLong();
    /** HTTP status of each handshake answer (101: upgraded). */
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    /** Close codes the server sent (1005: none given), and connections that ended without a close frame (-1). */
    final Map<Integer, AtomicInteger> closes = new ConcurrentHashMap<>();
    volatile boolean measuring;
    private volatile boolean running = true;

    private static final class Conn {
        final SocketChannel ch;
        final boolean sample;
        final StringBuilder head = new StringBuilder();
        boolean upgraded;
        volatile boolean closed;
        // the frame being read
        final byte[] header = new byte[10];
        int headerLen;
        long remaining = -1; // -1: reading a header
        int opcode;
        final byte[] closeCode = new byte[2];
        int closeCodeLen;
        ByteBuffer payload; // sampled clients only
        boolean fin;            // the frame being read ends its message
        boolean inText;         // a text message is being read (its first frame was opcode 1)
        boolean compressed;     // ... and it carries RSV1 (permessage-deflate)
        java.util.zip.Inflater inflater; // sampled clients with permessage-deflate only
        volatile int frames; // text frames
        volatile long lastFrameMillis;

        final int client;       // which client this connection belongs to (a reconnect keeps it)
        final int attempt;      // reconnect attempts in a row before this one (0: first, or after a good one)
        final long openedMillis = System.currentTimeMillis();

        Conn(SocketChannel ch, boolean sample) {
            this(ch, sample, -1, 0);
        }

        Conn(SocketChannel ch, boolean sample, int client, int attempt) {
            this.ch = ch;
            this.sample = sample;
            this.client = client;
            this.attempt = attempt;
        }
    }

    /**
     * Reconnecting as the app does (frontend/src/ws.ts: 500 ms doubling up to 15 s, +-20 % jitter,
     * counted from the first failure in a row), from the same source address.
     */
    record Reconnect(int port, String path, long baseMs, long maxMs, double jitter) {
        long delay(int attempt) {
            double base = Math.min(maxMs, baseMs * Math.pow(2, Math.min(attempt - 1, 30)));
            return Math.round(base * (1 + jitter * (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * 2 - 1)));
        }
    }

    private volatile Reconnect reconnect;
    private final java.util.concurrent.ScheduledExecutorService reconnector =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon(true).name("raw-ws-reconnect").unstarted(r));
    private final Queue<Conn> reconnected = new ConcurrentLinkedQueue<>();
    /** Per client: when a connection opened after {@link #mark} received its first update (the text frame after the snapshot); 0: not yet. */
    final long[] resumedAt = new long[65_536];
    /** Per client: when its connection ended after {@link #mark}; 0: it did not. */
    final long[] brokeAt = new long[65_536];
    /** Per client, for the connection that replaced a broken one: when it was opened, answered 101, and sent its snapshot. */
    final long[] reopenedAt = new long[65_536];
    final long[] upgradedAt = new long[65_536];
    final long[] snapshotAt = new long[65_536];
    private volatile long mark = Long.MAX_VALUE;
    /** Reconnect attempts made, and handshake answers to them by HTTP status. */
    final AtomicInteger reconnects = new AtomicInteger();
    final Map<Integer, AtomicInteger> reconnectStatuses = new ConcurrentHashMap<>();

    /** From now on a client whose connection ends connects again (see {@link Reconnect}). */
    void reconnecting(Reconnect r) {
        reconnect = r;
    }

    /** Starts the resume measure: connections ending from now on, and the first update of the connections that replace them. */
    void mark(long millis) {
        java.util.Arrays.fill(resumedAt, 0);
        java.util.Arrays.fill(brokeAt, 0);
        java.util.Arrays.fill(reopenedAt, 0);
        java.util.Arrays.fill(upgradedAt, 0);
        java.util.Arrays.fill(snapshotAt, 0);
        mark = millis;
    }

    /** Connects {@code client} again after the backoff of its {@code attempt}-th failure in a row. */
    private void reconnectLater(int client, boolean sample, int attempt) {
        Reconnect r = reconnect;
        if (r == null || !running || client < 0) {
            return;
        }
        reconnector.schedule(() -> reopen(r, client, attempt, sample), r.delay(attempt), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void reopen(Reconnect r, int client, int attempt, boolean sample) {
        if (!running) {
            return;
        }
        reconnects.incrementAndGet();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            if (!sources.isEmpty()) {
                ch.bind(new InetSocketAddress(sources.get(Math.min(sources.size() - 1, client / perSourceUsed)), 0));
            }
            ch.socket().connect(new InetSocketAddress(host, r.port()), 2_000);
            ch.write(ByteBuffer.wrap(handshake(r.path())));
            ch.configureBlocking(false);
            Conn c = new Conn(ch, sample, client, attempt);
            if (client < reopenedAt.length && reopenedAt[client] == 0 && brokeAt[client] > 0) reopenedAt[client] = c.openedMillis;
            reconnected.add(c);
            pending.add(c);
            selector.wakeup();
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // failed anyway
                }
            }
            reconnectStatuses.computeIfAbsent(-1, x -> new AtomicInteger()).incrementAndGet();
            reconnectLater(client, sample, attempt + 1);
        }
    }

    private volatile boolean deflate;

    /** From now on, handshakes offer permessage-deflate with the parameter Chromium sends. */
    void offerDeflate(boolean offer) {
        deflate = offer;
    }

    private byte[] handshake(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host.getHostAddress() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private int perSourceUsed = Integer.MAX_VALUE;

    /** {@code count} clients of {@code path} on a loopback port. */
    RawWsClients(int port, String path, int count, int sampleEvery) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, path, sampleEvery, List.of());
        connect(port, path, count, 0);
    }

    /**
     * No clients yet: {@link #connect} adds them. {@code sources} are the local addresses clients bind
     * to in turn ({@code perSource} each); empty: the system picks.
     */
    RawWsClients(InetAddress host, int port, String path, int sampleEvery, List<InetAddress> sources) throws IOException {
        this.host = host;
        this.sampleEvery = sampleEvery;
        this.sources = sources;
        selector = Selector.open();
        thread = Thread.ofPlatform().name("raw-ws-clients").start(this::loop);
    }

    private final InetAddress host;
    private final int sampleEvery;
    private final List<InetAddress> sources;

    /**
     * Opens {@code count} more clients, {@code perSecond} at most (0: as fast as they connect), each
     * from the next source address: client i uses source {@code i / perSource}.
     */
    void connect(int port, String path, int count, int perSecond) throws IOException {
        connect(port, path, count, perSecond, Integer.MAX_VALUE);
    }

    void connect(int port, String path, int count, int perSecond, int perSource) throws IOException {
        byte[] handshake = handshake(path);
        perSourceUsed = perSource;
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int n = conns.size();
            SocketChannel ch = SocketChannel.open();
            if (!sources.isEmpty()) {
                int s = n / perSource;
                if (s >= sources.size()) {
                    ch.close();
                    throw new IllegalStateException("client " + (n + 1) + " needs source address " + (s + 1) + ", only " + sources.size() + " given");
                }
                ch.bind(new InetSocketAddress(sources.get(s), 0));
            }
            ch.connect(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(handshake));
            ch.configureBlocking(false);
            Conn c = new Conn(ch, n % sampleEvery == 0, n, 0);
            conns.add(c);
            pending.add(c);
            if (i % 50 == 49) {
                selector.wakeup();
                if (perSecond > 0) {
                    long due = t0 + (long) ((i + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
        selector.wakeup();
    }

    /** Clients whose connection is open and that got at least {@code frames} text frames. */
    int open(int frames) {
        int n = 0;
        for (Conn c : conns) {
            if (!c.closed && c.frames >= frames) n++;
        }
        for (Conn c : reconnected) {
            if (!c.closed && c.frames >= frames) n++;
        }
        return n;
    }

    /** Open clients that received a text frame after {@code sinceMillis}. */
    int receivingSince(long sinceMillis) {
        int n = 0;
        for (Conn c : conns) {
            if (!c.closed && c.lastFrameMillis > sinceMillis) n++;
        }
        for (Conn c : reconnected) {
            if (!c.closed && c.lastFrameMillis > sinceMillis) n++;
        }
        return n;
    }

    int size() {
        return conns.size();
    }

    private void loop() {
        try {
            while (running) {
                for (Conn c; (c = pending.poll()) != null; ) {
                    c.ch.register(selector, SelectionKey.OP_READ, c);
                }
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    read.clear();
                    int n;
                    try {
                        n = c.ch.read(read);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        end(c, k, -1);
                        continue;
                    }
                    if (measuring) bytes.addAndGet(n);
                    read.flip();
                    consume(c, k, System.currentTimeMillis());
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void end(Conn c, SelectionKey k, int closeCode) {
        if (!c.closed) {
            c.closed = true;
            closes.computeIfAbsent(closeCode, x -> new AtomicInteger()).incrementAndGet();
            ended(c);
        }
        k.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void consume(Conn c, SelectionKey k, long now) {
        ByteBuffer b = read;
        if (!c.upgraded) {
            while (b.hasRemaining() && c.head.indexOf("\r\n\r\n") < 0) {
                c.head.append((char) b.get());
            }
            if (c.head.indexOf("\r\n\r\n") < 0) {
                return;
            }
            String status = c.head.length() > 12 ? c.head.substring(9, 12) : "0";
            int code;
            try {
                code = Integer.parseInt(status);
            } catch (NumberFormatException e) {
                code = 0;
            }
            (c.openedMillis > mark ? reconnectStatuses : statuses).computeIfAbsent(code, x -> new AtomicInteger()).incrementAndGet();
            if (code != 101) {
                c.closed = true;
                ended(c);
                k.cancel();
                try {
                    c.ch.close();
                } catch (IOException ignored) {
                    // refused anyway
                }
                return;
            }
            c.upgraded = true;
            if (c.openedMillis > mark && c.client >= 0 && c.client < upgradedAt.length && upgradedAt[c.client] == 0) upgradedAt[c.client] = now;
        }
        while (b.hasRemaining()) {
            if (c.remaining < 0) {
                c.header[c.headerLen++] = b.get();
                int need = 2;
                if (c.headerLen >= 2) {
                    int l = c.header[1] & 0x7f;
                    need = l == 126 ? 4 : l == 127 ? 10 : 2;
                }
                if (c.headerLen < need) continue;
                int l = c.header[1] & 0x7f;
                long len = l;
                if (l == 126) len = ((c.header[2] & 0xff) << 8) | (c.header[3] & 0xff);
                if (l == 127) {
                    len = 0;
                    for (int i = 2; i < 10; i++) len = (len << 8) | (c.header[i] & 0xff);
                }
                c.opcode = c.header[0] & 0x0f;
                c.fin = (c.header[0] & 0x80) != 0;
                c.remaining = len;
                c.headerLen = 0;
                c.closeCodeLen = 0;
                if (c.opcode == 1) {
                    c.inText = true;
                    c.compressed = (c.header[0] & 0x40) != 0;
                    if (c.sample) {
                        if (c.payload == null || c.payload.capacity() < len) {
                            c.payload = ByteBuffer.allocate((int) Math.min(MAX_SAMPLED_PAYLOAD, Math.max(len, 1 << 16)));
                        }
                        c.payload.clear();
                    }
                } else if (c.opcode == 0 && c.inText) {
                    c.opcode = 1; // a continuation of the text message: read as its next part
                    if (c.sample && c.payload.remaining() < len) {
                        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(MAX_SAMPLED_PAYLOAD, c.payload.position() + len));
                        c.payload = bigger.put(c.payload.flip());
                    }
                }
            }
            int take = (int) Math.min(c.remaining, b.remaining());
            if (c.opcode == 8) {
                for (int i = 0; i < take; i++) {
                    byte x = b.get();
                    if (c.closeCodeLen < 2) c.closeCode[c.closeCodeLen++] = x;
                }
            } else if (c.sample && c.opcode == 1 && c.payload.remaining() >= take) {
                int lim = b.limit();
                b.limit(b.position() + take);
                c.payload.put(b);
                b.limit(lim);
            } else {
                b.position(b.position() + take);
            }
            c.remaining -= take;
            if (c.remaining == 0) {
                c.remaining = -1;
                if (c.opcode == 1 && !c.fin) {
                    continue; // the rest of the message comes in continuation frames
                }
                if (c.opcode == 1) {
                    c.inText = false;
                    c.frames++;
                    c.lastFrameMillis = now;
                    if (c.frames == 1 && c.client >= 0 && c.client < snapshotAt.length && c.openedMillis > mark && snapshotAt[c.client] == 0) {
                        snapshotAt[c.client] = now;
                    }
                    if (c.frames == 2 && c.client >= 0 && c.client < resumedAt.length && c.openedMillis > mark && resumedAt[c.client] == 0) {
                        resumedAt[c.client] = now;
                    }
                    if (measuring) {
                        messages.incrementAndGet();
                        if (c.sample) {
                            ByteBuffer p = c.compressed ? inflate(c) : c.payload.flip();
                            int d = find(p, 0, p.limit(), DATA);
                            if (d >= 0 && find(p, 0, d, UPDATE) >= 0) {
                                // the rows of the update's "stocks" only: their "ts" is the stamp of the
                                // event that changed them; the futures row's "ts" is its last trade, also
                                // sent when only its basis moved with the index, so not a delivery delay
                                int f = find(p, d, p.limit(), FUTURES);
                                sampleTs(p, d, f < 0 ? p.limit() : f, now);
                            }
                        }
                    }
                } else if (c.opcode == 8) {
                    end(c, k, c.closeCodeLen == 2 ? ((c.closeCode[0] & 0xff) << 8) | (c.closeCode[1] & 0xff) : 1005);
                    return;
                }
            }
        }
    }

    /** A connection ended (closed, refused or lost): noted after the mark, and replaced when reconnecting. */
    private void ended(Conn c) {
        long now = System.currentTimeMillis();
        if (now > mark && c.client >= 0 && c.client < brokeAt.length && brokeAt[c.client] == 0 && c.openedMillis <= mark) {
            brokeAt[c.client] = now;
        }
        // a connection that had been upgraded and got data starts the backoff again, as the app does
        reconnectLater(c.client, c.sample, c.frames > 0 ? 1 : c.attempt + 1);
    }

    /** A sampled client's compressed message, inflated (RFC 7692 7.2.2: the 4-byte tail put back). */
    private static ByteBuffer inflate(Conn c) {
        if (c.inflater == null) {
            c.inflater = new java.util.zip.Inflater(true);
        }
        ByteBuffer in = c.payload.flip();
        byte[] z = new byte[in.remaining()];
        in.get(z);
        try {
            return ByteBuffer.wrap(vn.stocktracker.testing.Inflate.message(c.inflater, z));
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("a compressed message does not inflate: " + e.getMessage(), e);
        }
    }

    private void sampleTs(ByteBuffer b, int from, int to, long now) {
        int i = from;
        while (true) {
            i = find(b, i, to, TS);
            if (i < 0) {
                return;
            }
            i += TS.length;
            long v = 0;
            while (i < to && b.get(i) >= '0' && b.get(i) <= '9') {
                v = v * 10 + (b.get(i++) - '0');
            }
            int k = sampleCount.getAndIncrement();
            if (k < samples.length) {
                samples[k] = now - v;
            }
        }
    }

    private static int find(ByteBuffer b, int from, int to, byte[] pat) {
        outer:
        for (int i = from; i <= to - pat.length; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (b.get(i + j) != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        running = false;
        reconnector.shutdownNow();
        for (Conn c : reconnected) {
            c.ch.close();
        }
        selector.wakeup();
        thread.join(2_000);
        for (Conn c : conns) {
            c.ch.close();
        }
        selector.close();
    }
}
