package vn.stocktracker.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket clients on one NIO thread, as light as a client can be, so that on a small machine
 * the benchmark measures the server rather than the clients: a raw RFC 6455 handshake, then frames
 * are parsed from the byte stream; sampled clients scan their text payload bytes for {@code "ts":}
 * values (no String decoding), the others skip the payload.
 */
final class RawWsClients implements AutoCloseable {
    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\"data\":".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final Thread thread;
    final long[] samples = new long[8_000_000];
    final AtomicInteger sampleCount = new AtomicInteger();
    final AtomicLong messages = new AtomicLong();
    volatile boolean measuring;
    private volatile boolean running = true;

    private static final class Conn {
        final SocketChannel ch;
        final boolean sample;
        final ByteBuffer in = ByteBuffer.allocate(1 << 17);
        boolean upgraded;

        Conn(SocketChannel ch, boolean sample) {
            this.ch = ch;
            this.sample = sample;
        }
    }

    RawWsClients(int port, String path, int count, int sampleEvery) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            Conn c = new Conn(ch, i % sampleEvery == 0);
            conns.add(c);
            ch.register(selector, SelectionKey.OP_READ, c);
        }
        thread = Thread.ofPlatform().name("raw-ws-clients").start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    int n = c.ch.read(c.in);
                    if (n < 0) {
                        k.cancel();
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    c.in.flip();
                    consume(c, now);
                    c.in.compact();
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void consume(Conn c, long now) {
        ByteBuffer b = c.in;
        if (!c.upgraded) {
            int end = find(b, b.position(), b.limit(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return;
            }
            b.position(end + 4);
            c.upgraded = true;
        }
        while (b.remaining() >= 2) {
            int start = b.position();
            int b1 = b.get(start + 1) & 0x7f;
            int header = 2;
            long len = b1;
            if (b1 == 126) {
                if (b.remaining() < 4) {
                    return;
                }
                len = b.getShort(start + 2) & 0xffff;
                header = 4;
            } else if (b1 == 127) {
                if (b.remaining() < 10) {
                    return;
                }
                len = b.getLong(start + 2);
                header = 10;
            }
            if (b.remaining() < header + len) {
                return;
            }
            int opcode = b.get(start) & 0x0f;
            int from = start + header;
            int to = (int) (from + len);
            if (opcode == 1 && measuring) {
                messages.incrementAndGet();
                if (c.sample) {
                    int d = find(b, from, to, DATA);
                    if (d >= 0) {
                        sampleTs(b, d, to, now);
                    }
                }
            }
            b.position(to);
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
        selector.wakeup();
        thread.join(2_000);
        for (Conn c : conns) {
            c.ch.close();
        }
        selector.close();
    }
}
