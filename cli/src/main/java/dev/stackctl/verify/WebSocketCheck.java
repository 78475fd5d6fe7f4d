package dev.stackctl.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Criterion 4 (WebSocket): an upgrade through nginx receives a message from the backend. */
public final class WebSocketCheck implements ThroughProxy {
    @Override
    public String id() {
        return "websocket-through-proxy";
    }

    @Override
    public String criterion() {
        return "a WebSocket upgrade through nginx receives a message from the backend";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Optional<Integer> port = target.hostPort(target.roles().proxy().service(), target.roles().proxy().containerPort());
        if (port.isEmpty()) {
            return CheckResult.failed(this, "the frontend publishes no host port", Duration.ZERO, target.roles().proxy().service());
        }
        return check(port.get(), target.roles().proxy(), deadline);
    }

    /** A WebSocket through nginx on 127.0.0.1:{@code port} (a compose project's or a swarm stack's frontend) until a message or the deadline. */
    public CheckResult check(int port, dev.stackctl.model.Roles.Proxy proxy, Deadline deadline) {
        return check("127.0.0.1", port, proxy, deadline);
    }

    /** The same at {@code host} (e.g. the address of the cluster node that runs the frontend). */
    public CheckResult check(String host, int port, dev.stackctl.model.Roles.Proxy proxy, Deadline deadline) {
        Instant start = Instant.now();
        URI uri = URI.create("ws://" + host + ":" + port + proxy.webSocketProbePath());
        String problem;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        do {
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = null;
            try {
                ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) first.complete(text.toString());
                        w.request(1);
                        return null;
                    }
                }).get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
                String msg = first.get(Math.max(1, Math.min(5000, deadline.remaining().toMillis())), TimeUnit.MILLISECONDS);
                long ms = Duration.between(start, Instant.now()).toMillis();
                return CheckResult.passed(this, uri + " upgraded; first message (" + msg.length() + " chars) after " + ms + " ms: "
                        + ProxyHttpCheck.snippet(msg), Duration.between(start, Instant.now()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
                break;
            } catch (Exception e) {
                problem = uri + ": " + (e.getCause() != null ? e.getCause() : e);
            } finally {
                if (ws != null) ws.abort();
            }
        } while (deadline.pause(RETRY));
        return CheckResult.failed(this, problem, Duration.between(start, Instant.now()), proxy.service());
    }
}
