package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The FastConnect access token: {@code POST api/v2/Market/AccessToken} with {@code {"consumerID",
 * "consumerSecret"}}, reply {@code {"message","status":200,"data":{"accessToken":"<JWT>"}}}. The token is
 * cached and renewed before the JWT's {@code exp} (a tenth of its lifetime early, at least 60 s).
 * Neither the secret nor the token is ever logged. Thread-safe.
 */
public final class SsiAuth {

    static final String PATH = "api/v2/Market/AccessToken";
    private static final Logger LOG = LoggerFactory.getLogger(SsiAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lifetime assumed when the token is not a JWT with an {@code exp}. */
    private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(30);

    private final SsiConfig config;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private long refreshAtMs;
    private long expiresAtMs;

    public SsiAuth(SsiConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    /**
     * A valid token, fetching a new one when none is cached or the cached one is due for renewal.
     *
     * @throws SsiAuthException when SSI rejects the credentials
     * @throws IOException      on network errors, timeouts and server errors (transient)
     */
    public synchronized String token() throws IOException, SsiAuthException, InterruptedException {
        long now = clock.millis();
        if (token != null && now < refreshAtMs) {
            return token;
        }
        fetch(now);
        return token;
    }

    /** Forgets the cached token (after a 401), so the next {@link #token()} fetches a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    /** Epoch ms from which the current token is renewed on the next {@link #token()} (0 if none). */
    public synchronized long refreshAtMs() {
        return token == null ? 0 : refreshAtMs;
    }

    /** Epoch ms at which the current token expires (0 if none). */
    public synchronized long expiresAtMs() {
        return token == null ? 0 : expiresAtMs;
    }

    private void fetch(long now) throws IOException, SsiAuthException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("consumerID", config.consumerId());
        body.put("consumerSecret", config.consumerSecret());
        URI uri = config.baseUrl().resolve(PATH);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int code = res.statusCode();
        JsonNode json = parse(res.body());
        String message = json == null ? null : Lenient.text(json, "message");
        if (code == 401 || code == 403) {
            throw rejected(code, message);
        }
        if (code >= 500 || code == 429) {
            throw new SsiApiException("SSI " + PATH + ": HTTP " + code + (message == null ? "" : " (" + message + ")"), code);
        }
        if (json == null) {
            throw new SsiApiException("SSI " + PATH + ": HTTP " + code + " with a body that is not JSON", code);
        }
        long status = Lenient.lng(json, code, "status");
        String accessToken = Lenient.text(Lenient.get(json, "data"), "accessToken");
        if (status != 200 || accessToken == null || code >= 400) {
            throw rejected(status != 200 ? (int) status : code, message);
        }
        token = accessToken;
        long exp = jwtExpiryMs(accessToken);
        expiresAtMs = exp > now ? exp : now + UNKNOWN_LIFETIME.toMillis();
        long life = expiresAtMs - now;
        refreshAtMs = expiresAtMs - Math.min(life / 2, Math.max(60_000, life / 10));
        LOG.info("SSI access token obtained for consumer {}; valid for {} s, renewed after {} s",
                config.consumerId(), life / 1000, (refreshAtMs - now) / 1000);
    }

    private SsiAuthException rejected(int status, String message) {
        return new SsiAuthException("SSI rejected the credentials (status " + status
                + (message == null ? "" : ", \"" + message + "\"")
                + "); check SSI_CONSUMER_ID and SSI_CONSUMER_SECRET");
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The {@code exp} claim of a JWT in epoch ms, or 0 when the token is not a readable JWT. */
    static long jwtExpiryMs(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return 0;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('+', '-').replace('/', '_').replace("=", ""));
            JsonNode claims = JSON.readTree(payload);
            long exp = Lenient.lng(claims, 0, "exp");
            return exp * 1000;
        } catch (IllegalArgumentException | IOException e) {
            return 0;
        }
    }
}
