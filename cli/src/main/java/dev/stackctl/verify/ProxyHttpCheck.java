package dev.stackctl.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Criteria 3 and 4 (HTTP): through the frontend's published port, {@code /} serves the app's HTML and
 * {@code /api/...} and {@code /health} reach the backend through nginx. The port is read from the engine.
 */
public final class ProxyHttpCheck implements ThroughProxy {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String id() {
        return "http-through-proxy";
    }

    @Override
    public String criterion() {
        return "the frontend serves the app; /api/ and /health answer through nginx";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Optional<Integer> port = target.hostPort(target.roles().proxy().service(), target.roles().proxy().containerPort());
        if (port.isEmpty()) {
            return CheckResult.failed(this, "the frontend publishes no host port for " + target.roles().proxy().containerPort(), Duration.ZERO, target.roles().proxy().service());
        }
        return check(port.get(), target.roles().proxy(), deadline);
    }

    /** The probes through nginx on 127.0.0.1:{@code port} (a compose project's or a swarm stack's frontend), until they pass or the deadline. */
    public CheckResult check(int port, dev.stackctl.model.Roles.Proxy proxy, Deadline deadline) {
        return check("127.0.0.1", port, proxy, deadline);
    }

    /** The same at {@code host} (e.g. the address of the cluster node that runs the frontend). */
    public CheckResult check(String host, int port, dev.stackctl.model.Roles.Proxy proxy, Deadline deadline) {
        Instant start = Instant.now();
        String base = "http://" + host + ":" + port;
        String lastProblem;
        do {
            List<String> evidence = new ArrayList<>();
            lastProblem = probe(base + "/", 200, proxy.appHtmlMarker(), "text/html", evidence);
            if (lastProblem == null) lastProblem = probe(base + proxy.apiProbePath(), 200, proxy.apiProbeMarker(), "json", evidence);
            if (lastProblem == null) lastProblem = probe(base + proxy.healthPath(), 200, "\"status\"", "json", evidence);
            if (lastProblem == null) {
                return CheckResult.passed(this, String.join("; ", evidence), Duration.between(start, Instant.now()));
            }
        } while (deadline.pause(RETRY));
        return CheckResult.failed(this, lastProblem, Duration.between(start, Instant.now()), proxy.service());
    }

    /** Null when the response matches; otherwise what was wrong. Appends evidence on success. */
    private String probe(String url, int status, String bodyContains, String contentType, List<String> evidence) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String ct = r.headers().firstValue("content-type").orElse("");
            if (r.statusCode() != status) {
                return "GET " + url + " answered " + r.statusCode() + " (expected " + status + "): " + snippet(r.body());
            }
            if (!ct.contains(contentType)) {
                return "GET " + url + " has content type '" + ct + "', expected " + contentType;
            }
            if (!r.body().contains(bodyContains)) {
                return "GET " + url + " body lacks " + bodyContains + ": " + snippet(r.body());
            }
            evidence.add("GET " + url.substring(url.indexOf('/', 8)) + " " + r.statusCode() + " " + ct.split(";")[0] + " " + r.body().length() + " B in " + ms + " ms");
            return null;
        } catch (IOException e) {
            return "GET " + url + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String snippet(String body) {
        String one = body.replaceAll("\\s+", " ").strip();
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }
}
