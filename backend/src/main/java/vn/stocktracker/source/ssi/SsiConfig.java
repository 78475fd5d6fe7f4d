package vn.stocktracker.source.ssi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the SSI source, read from the environment.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code SSI_CONSUMER_ID}</td><td>required</td></tr>
 *   <tr><td>{@code SSI_CONSUMER_SECRET}</td><td>required; never logged</td></tr>
 *   <tr><td>{@code SSI_BASE_URL}</td><td>{@code https://fc-data.ssi.com.vn/} (REST and token)</td></tr>
 *   <tr><td>{@code SSI_STREAM_URL}</td><td>{@code https://fc-datahub.ssi.com.vn/} (SignalR hub)</td></tr>
 *   <tr><td>{@code SSI_CHANNELS}</td><td>{@code X:ALL,R:ALL,MI:ALL,B:ALL}</td></tr>
 *   <tr><td>{@code SSI_RECORD_FILE}</td><td>unset; when set, every received frame is appended to it
 *       (the format {@code MARKET_SOURCE=replay} plays)</td></tr>
 *   <tr><td>{@code SSI_RECONNECT_MIN_MS} / {@code SSI_RECONNECT_MAX_MS}</td><td>500 / 30000: reconnect backoff</td></tr>
 *   <tr><td>{@code SSI_AUTH_RETRY_MS}</td><td>60000: retry interval after the credentials were rejected</td></tr>
 *   <tr><td>{@code SSI_TIMEOUT_MS}</td><td>10000: HTTP request timeout (token, REST, negotiate)</td></tr>
 * </table>
 */
public record SsiConfig(
        String consumerId, String consumerSecret, URI baseUrl, URI streamUrl, String channels, Path recordFile,
        Duration reconnectMin, Duration reconnectMax, Duration authRetry, Duration timeout) {

    public static final String DEFAULT_BASE_URL = "https://fc-data.ssi.com.vn/";
    public static final String DEFAULT_STREAM_URL = "https://fc-datahub.ssi.com.vn/";
    public static final String DEFAULT_CHANNELS = "X:ALL,R:ALL,MI:ALL,B:ALL";

    private static final Pattern CHANNELS = Pattern.compile("[A-Za-z-]+:[A-Za-z0-9-]+(,[A-Za-z-]+:[A-Za-z0-9-]+)*");

    public SsiConfig {
        baseUrl = withSlash(baseUrl);
        streamUrl = withSlash(streamUrl);
    }

    private static URI withSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    /** Masks the secret: records print their components, and configs end up in logs. */
    @Override
    public String toString() {
        return "SsiConfig[consumerId=" + consumerId + ", consumerSecret=***, baseUrl=" + baseUrl + ", streamUrl="
                + streamUrl + ", channels=" + channels + ", recordFile=" + recordFile + "]";
    }

    /** One line per problem, each naming the variable and the fix; empty when the settings are usable. */
    public static List<String> validate(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        if (blank(env.get("SSI_CONSUMER_ID"))) {
            problems.add("SSI_CONSUMER_ID: not set; set it to the consumer ID of your SSI FastConnect Data "
                    + "account, or use MARKET_SOURCE=simulated");
        }
        if (blank(env.get("SSI_CONSUMER_SECRET"))) {
            problems.add("SSI_CONSUMER_SECRET: not set; set it to the consumer secret of your SSI FastConnect "
                    + "Data account, or use MARKET_SOURCE=simulated");
        }
        url(env, "SSI_BASE_URL", DEFAULT_BASE_URL, problems);
        url(env, "SSI_STREAM_URL", DEFAULT_STREAM_URL, problems);
        String stream = env.getOrDefault("SSI_STREAM_URL", DEFAULT_STREAM_URL).trim();
        if (stream.contains("://fc-data.ssi.com.vn")) {
            problems.add("SSI_STREAM_URL: " + stream + " is SSI's REST host, where streaming fails with HTTP 502; use "
                    + DEFAULT_STREAM_URL);
        }
        String ch = env.getOrDefault("SSI_CHANNELS", DEFAULT_CHANNELS).replace(" ", "");
        if (!CHANNELS.matcher(ch).matches()) {
            problems.add("SSI_CHANNELS: '" + ch + "' is not a channel list; use comma-separated TYPE:SYMBOLS "
                    + "entries such as " + DEFAULT_CHANNELS);
        }
        for (String k : List.of("SSI_RECONNECT_MIN_MS", "SSI_RECONNECT_MAX_MS", "SSI_AUTH_RETRY_MS", "SSI_TIMEOUT_MS")) {
            String v = env.get(k);
            if (!blank(v)) {
                try {
                    if (Long.parseLong(v.trim()) <= 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problems.add(k + ": '" + v + "' is not a positive number of milliseconds; remove it or use e.g. 1000");
                }
            }
        }
        return problems;
    }

    private static void url(Map<String, String> env, String key, String dflt, List<String> problems) {
        String v = env.getOrDefault(key, dflt).trim();
        try {
            URI u = URI.create(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + v + "' is not an http(s) URL; use e.g. " + dflt);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Reads the settings; call {@link #validate} first. */
    public static SsiConfig fromEnv(Map<String, String> env) {
        String record = env.get("SSI_RECORD_FILE");
        return new SsiConfig(
                env.get("SSI_CONSUMER_ID").trim(), env.get("SSI_CONSUMER_SECRET").trim(),
                URI.create(env.getOrDefault("SSI_BASE_URL", DEFAULT_BASE_URL).trim()),
                URI.create(env.getOrDefault("SSI_STREAM_URL", DEFAULT_STREAM_URL).trim()),
                env.getOrDefault("SSI_CHANNELS", DEFAULT_CHANNELS).replace(" ", ""),
                blank(record) ? null : Path.of(record.trim()),
                millis(env, "SSI_RECONNECT_MIN_MS", 500), millis(env, "SSI_RECONNECT_MAX_MS", 30_000),
                millis(env, "SSI_AUTH_RETRY_MS", 60_000), millis(env, "SSI_TIMEOUT_MS", 10_000));
    }

    private static Duration millis(Map<String, String> env, String key, long dflt) {
        String v = env.get(key);
        return Duration.ofMillis(blank(v) ? dflt : Long.parseLong(v.trim()));
    }
}
