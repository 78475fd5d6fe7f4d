package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One classic ASP.NET SignalR 2 connection (protocol 1.5) to SSI's {@code FcMarketDataV2Hub} over
 * {@link java.net.http.WebSocket}: {@code negotiate}, WebSocket {@code connect} with the bearer token,
 * {@code start}, and hub invocations. Text frames (which may arrive in parts) are reassembled and handed to
 * the {@link Listener} one at a time, in order. A connection is used once; reconnecting means a new one.
 */
final class SignalRConnection implements WebSocket.Listener {

    static final String HUB = "FcMarketDataV2Hub";
    static final String PROTOCOL = "1.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignalRConnection.class);

    /** Callbacks, on the HTTP client's threads, never concurrently. */
    interface Listener {
        void onFrame(String frame);

        /** The connection is gone (closed by either side or failed); called exactly once. */
        void onClosed(String reason);
    }

    /** What {@code negotiate} returned. */
    record Negotiation(String connectionToken, String connectionId, Duration keepAliveTimeout, boolean tryWebSockets) {
    }

    private final HttpClient http;
    private final URI signalrBase;
    private final Duration timeout;
    private final String connectionData;
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private Negotiation negotiation;
    private int invocationId;

    /**
     * @param streamUrl the hub host, e.g. {@code https://fc-datahub.ssi.com.vn/}
     */
    SignalRConnection(HttpClient http, URI streamUrl, Duration timeout, Listener listener) {
        this.http = http;
        this.signalrBase = streamUrl.resolve("v2.0/signalr/");
        this.timeout = timeout;
        this.listener = listener;
        ObjectNode hub = JSON.createObjectNode().put("name", HUB);
        this.connectionData = JSON.createArrayNode().add(hub).toString();
    }

    private String query(String... extra) {
        StringBuilder q = new StringBuilder("clientProtocol=").append(PROTOCOL)
                .append("&connectionData=").append(enc(connectionData));
        for (int i = 0; i < extra.length; i += 2) {
            q.append('&').append(extra[i]).append('=').append(enc(extra[i + 1]));
        }
        return q.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code GET negotiate}. A 401 means the token was refused.
     *
     * @throws SsiApiException with status 401 when the token is refused, another status on other errors
     */
    Negotiation negotiate(String token) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(signalrBase.resolve("negotiate?" + query()))
                .timeout(timeout).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() != 200) {
            throw new SsiApiException("SignalR negotiate: HTTP " + res.statusCode()
                    + (res.statusCode() == 401 ? " (token refused)" : ""), res.statusCode());
        }
        JsonNode n;
        try {
            n = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new SsiApiException("SignalR negotiate: the reply is not JSON", 200);
        }
        String ct = Lenient.text(n, "ConnectionToken");
        if (ct == null) {
            throw new SsiApiException("SignalR negotiate: the reply has no ConnectionToken", 200);
        }
        double keepAlive = Lenient.number(n, 20, "KeepAliveTimeout");
        JsonNode tryWs = Lenient.get(n, "TryWebSockets");
        negotiation = new Negotiation(ct, Lenient.text(n, "ConnectionId"),
                Duration.ofMillis((long) (keepAlive * 1000)), tryWs == null || tryWs.asBoolean(true));
        return negotiation;
    }

    /** Opens the WebSocket ({@code connect?transport=webSockets...}) with the bearer token; after {@link #negotiate}. */
    void connect(String token, int attempt) throws IOException, InterruptedException {
        String scheme = "https".equals(signalrBase.getScheme()) ? "wss" : "ws";
        String path = signalrBase.resolve("connect?" + query("transport", "webSockets", "connectionToken",
                negotiation.connectionToken(), "tid", Integer.toString(attempt % 10))).toString();
        URI ws = URI.create(scheme + path.substring(path.indexOf(':')));
        try {
            socket = http.newWebSocketBuilder().connectTimeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(ws, this).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.net.http.WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                throw new SsiApiException("SignalR connect: HTTP " + status + (status == 401 ? " (token refused)" : ""), status);
            }
            throw new IOException("SignalR connect: " + (c == null ? e : c.getMessage()), c);
        } catch (TimeoutException e) {
            throw new IOException("SignalR connect: no answer within " + timeout.toMillis() + " ms");
        }
    }

    /**
     * {@code GET start}: protocol 1.4+ clients confirm the transport this way. Best effort: SSI's own
     * Python SDK skips it, so a failure is not fatal.
     */
    CompletableFuture<Boolean> start(String token) {
        HttpRequest req = HttpRequest.newBuilder(signalrBase.resolve("start?" + query("transport", "webSockets",
                        "connectionToken", negotiation.connectionToken())))
                .timeout(timeout).header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> r.statusCode() == 200 && r.body().contains("started"))
                .exceptionally(t -> false);
    }

    /**
     * Invokes a hub method: {@code {"H":hub,"M":method,"A":[args],"I":n}}. Returns the invocation id, or
     * -1 when the socket is not open.
     */
    int invoke(String method, String... args) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return -1;
        }
        int id = invocationId++;
        ObjectNode msg = JSON.createObjectNode();
        msg.put("H", HUB);
        msg.put("M", method);
        var a = msg.putArray("A");
        for (String s : args) {
            a.add(s);
        }
        msg.put("I", id);
        ws.sendText(msg.toString(), true);
        return id;
    }

    /** Completes with the close reason once the connection is gone. */
    CompletableFuture<String> closed() {
        return closed;
    }

    Negotiation negotiation() {
        return negotiation;
    }

    /** Drops the connection (no close handshake wait); {@link Listener#onClosed} follows. */
    void abort(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        finish(reason);
    }

    /** Polite close (close frame), bounded: aborts if the server does not answer quickly. */
    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // fall through to abort
            }
            ws.abort();
        }
        finish("closed by the client");
    }

    private void finish(String reason) {
        if (closed.complete(reason)) {
            listener.onClosed(reason);
        }
    }

    // ---- WebSocket.Listener ----

    @Override
    public void onOpen(WebSocket webSocket) {
        // frames (the hub's init first) may arrive before buildAsync() completes: keep the socket now
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else {
            String frame;
            if (partial.isEmpty()) {
                frame = data.toString();
            } else {
                frame = partial.append(data).toString();
                partial.setLength(0);
            }
            if (!closed.isDone()) {
                try {
                    listener.onFrame(frame);
                } catch (RuntimeException e) {
                    // never let one frame stop the stream: without request(1) no frame would follow
                    LOG.error("SSI stream: frame handler failed; frame skipped", e);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish("server closed the connection (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        finish("connection failed: " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " " + error.getMessage()));
    }
}
