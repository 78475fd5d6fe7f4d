package vn.stocktracker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket test client collecting JSON messages. */
final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** The same messages with the wall time they arrived at (epoch ms). */
    final BlockingQueue<Received> timed = new LinkedBlockingQueue<>();

    record Received(long atMs, JsonNode json) {
    }
    volatile int closeCode = -1;
    private final WebSocket ws;

    WsClient(HttpClient http, String url) throws Exception {
        this.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder buf = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        buf.append(data);
                        if (last) {
                            try {
                                JsonNode n = JSON.readTree(buf.toString());
                                timed.add(new Received(System.currentTimeMillis(), n));
                                messages.add(n);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            buf.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode = statusCode;
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode n = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (n == null) {
            throw new AssertionError("no WebSocket message within " + timeout);
        }
        return n;
    }

    /** The next message matching {@code p}, skipping others. */
    JsonNode next(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching WebSocket message within " + timeout);
            }
            JsonNode n = messages.poll(left, TimeUnit.NANOSECONDS);
            if (n != null && p.test(n)) {
                return n;
            }
        }
    }

    /** The next message matching {@code p} with its arrival time, skipping others (reads {@link #timed}). */
    Received nextTimed(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching WebSocket message within " + timeout);
            }
            Received r = timed.poll(left, TimeUnit.NANOSECONDS);
            if (r != null && p.test(r.json())) {
                return r;
            }
        }
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    @Override
    public void close() {
        ws.abort();
    }
}
