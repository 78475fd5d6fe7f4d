package dev.stackctl.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client through the proxy for the whole chaos run (and the cluster end-to-end test), reconnecting by itself every 250 ms
 * while its connection is down (as the app does): what a user's board saw during each outage, from
 * when its messages arrived and when its connection broke.
 */
public final class ClientWatcher implements AutoCloseable {
    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Long> messages = new ArrayList<>(); // arrival, epoch ms (guarded by this)
    private final List<Long> breaks = new ArrayList<>();
    private final MessageOrder order = new MessageOrder(); // guarded by this
    private final Thread thread;
    private volatile boolean running = true;

    public ClientWatcher(URI uri) {
        this.uri = uri;
        this.thread = Thread.ofPlatform().daemon(true).name("chaos-client").start(this::loop);
    }

    private void loop() {
        while (running) {
            java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();
            WebSocket ws = null;
            try {
                ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2)).buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public void onOpen(WebSocket w) {
                        synchronized (ClientWatcher.this) {
                            order.opened();
                        }
                        w.request(1);
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (text.length() < 256) {
                            text.append(data, 0, Math.min(data.length(), 256 - text.length()));
                        }
                        if (last) {
                            synchronized (ClientWatcher.this) {
                                messages.add(System.currentTimeMillis());
                                order.message(text);
                            }
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        gone.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        gone.complete(null);
                    }
                }).get(3, TimeUnit.SECONDS);
                while (running && !gone.isDone()) {
                    try {
                        gone.get(200, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        // still connected
                    }
                }
                if (running) {
                    synchronized (this) {
                        breaks.add(System.currentTimeMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // not connected: try again below
            } finally {
                if (ws != null) ws.abort();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Whether the protocol held on every connection: the first message with a seq was a snapshot, and
     * seq never went back within a connection (so what followed applied to it). Null when it held.
     */
    public synchronized String protocolBroken() {
        return order.broken();
    }

    /** Messages whose seq was checked. */
    public synchronized long checked() {
        return order.checked();
    }

    /** How the last reconnect's snapshot stood to the state seen before the break (seq ahead; negative: behind). */
    public synchronized long reconnectSeqGap() {
        return order.reconnectSeqGap();
    }

    /** Connections opened so far (1 while the first one holds). */
    public synchronized int connections() {
        return order.connections();
    }

    /** Whether its connection broke after {@code t}. */
    public synchronized boolean brokeAfter(Instant t) {
        return breaks.stream().anyMatch(b -> b > t.toEpochMilli());
    }

    /** The longest time without a message from {@code from} to now, in ms. */
    public synchronized long longestSilenceSince(Instant from) {
        long start = from.toEpochMilli();
        long previous = start;
        long longest = 0;
        for (long m : messages) {
            if (m <= start) {
                continue;
            }
            longest = Math.max(longest, m - previous);
            previous = m;
        }
        return Math.max(longest, System.currentTimeMillis() - previous);
    }

    /** Ms from {@code from} to the first message after the last break since then; -1 when none came. */
    public synchronized long dataAgainAfter(Instant from) {
        long start = from.toEpochMilli();
        long lastBreak = breaks.stream().filter(b -> b > start).mapToLong(Long::longValue).max().orElse(-1);
        if (lastBreak < 0) {
            return -1;
        }
        return messages.stream().filter(m -> m > lastBreak).findFirst().map(m -> m - start).orElse(-1L);
    }

    /** Whether a message arrived after {@code t}. */
    public synchronized boolean receivedAfter(Instant t) {
        return !messages.isEmpty() && messages.getLast() > t.toEpochMilli();
    }

    /**
     * What the client saw from {@code from} to now: its longest silence (from the last message before
     * {@code from}), how often its connection broke, and when messages came again.
     */
    public synchronized String seenSince(Instant from) {
        long start = from.toEpochMilli();
        long now = System.currentTimeMillis();
        long previous = start;
        for (long m : messages) {
            if (m <= start) previous = m;
        }
        long longest = 0;
        long firstAfterBreak = -1;
        long breaksIn = breaks.stream().filter(b -> b > start).count();
        long lastBreak = breaks.stream().filter(b -> b > start).mapToLong(Long::longValue).max().orElse(-1);
        for (long m : messages) {
            if (m <= start) continue;
            longest = Math.max(longest, m - previous);
            previous = m;
            if (lastBreak > 0 && firstAfterBreak < 0 && m > lastBreak) firstAfterBreak = m;
        }
        boolean silentNow = previous <= start || now - previous > 1000;
        if (silentNow) longest = Math.max(longest, now - previous);
        StringBuilder sb = new StringBuilder("clients: longest silence ").append(seconds(longest));
        if (breaksIn == 0) {
            sb.append(", connection kept");
        } else {
            sb.append(", connection broke ").append(breaksIn).append(breaksIn == 1 ? " time" : " times");
            sb.append(firstAfterBreak > 0 ? ", reconnected by itself with data again " + seconds(firstAfterBreak - start) + " after the kill"
                    : ", no data since");
        }
        return sb.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
