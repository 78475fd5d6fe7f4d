package vn.stocktracker.config;

import vn.stocktracker.market.FuturesContracts;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.alert.AlertConfig;

import vn.stocktracker.source.SourceRegistry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@link AppConfig} from environment variables, checking every one and reporting all problems
 * together (one line each: variable, what is wrong, what to do). Every secret variable can instead be
 * given as a file ({@code DATABASE_PASSWORD_FILE=/run/secrets/...}, see {@link SecretFiles}).
 */
public final class ConfigLoader {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://[^/:?#\\s]+(:\\d{1,5})?/[A-Za-z0-9_\\-]+(\\?\\S*)?");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{3,10}");
    private static final Set<String> CLOCKS = Set.of("real", "open", "fast");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env) {
        // secrets may come from files (X_FILE); their problems are reported with the rest
        this.env = SecretFiles.resolve(env, problems);
    }

    /** Loads and validates; throws {@link ConfigException} listing every problem. */
    public static AppConfig load(Map<String, String> env) {
        ConfigLoader l = new ConfigLoader(env);
        AppConfig c = l.read();
        if (!l.problems.isEmpty()) {
            throw new ConfigException(l.problems);
        }
        return c;
    }

    private String get(String name, String def) {
        String v = env.get(name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    private AppConfig read() {
        int port = intIn("HTTP_PORT", 8000, 0, 65_535, "a TCP port number 1-65535 (default 8000)");
        String host = get("HTTP_HOST", "0.0.0.0");
        String dbUrl = get("DATABASE_URL", "jdbc:postgresql://localhost:5432/tracker");
        if (!JDBC.matcher(dbUrl).matches()) {
            problems.add("DATABASE_URL: '" + dbUrl + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:5432/dbname");
        }
        String dbUser = get("DATABASE_USER", "tracker");
        String dbPassword = env.getOrDefault("DATABASE_PASSWORD", "");
        String redisUrl = get("REDIS_URL", "redis://localhost:6379");
        checkRedis(redisUrl);
        String redisPassword = env.getOrDefault("REDIS_PASSWORD", "");
        List<String> cors = new ArrayList<>();
        for (String o : list(get("CORS_ORIGINS", ""))) {
            if (o.equals("*")) {
                problems.add("CORS_ORIGINS: '*' is not allowed; list the origins, e.g. http://localhost,http://localhost:5173");
            } else if (!o.matches("https?://[^/\\s]+")) {
                problems.add("CORS_ORIGINS: '" + o + "' is not an origin; use scheme://host[:port] without a path, e.g. http://localhost:5173");
            } else {
                cors.add(o);
            }
        }
        String source = get("MARKET_SOURCE", "simulated").toLowerCase(Locale.ROOT);
        if (!SourceRegistry.names().contains(source)) {
            problems.add("MARKET_SOURCE: '" + source + "' is not a known source; use one of " + String.join(", ", SourceRegistry.names()));
        }
        long seed = longValue("SIM_SEED", 42);
        int rate = intIn("SIM_RATE", 200, 1, 100_000, "events per second, 1-100000 (default 200)");
        String clock = get("SESSION_CLOCK", "real").toLowerCase(Locale.ROOT);
        if (!CLOCKS.contains(clock)) {
            problems.add("SESSION_CLOCK: '" + clock + "' is not one of real, open, fast (real follows Vietnam trading hours; open is always in session; fast runs a day in 3 minutes)");
        }
        String level = get("LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            problems.add("LOG_LEVEL: '" + level + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
        List<String> extras = new ArrayList<>();
        for (String s : list(get("EXTRA_SYMBOLS", ""))) {
            String sym = s.toUpperCase(Locale.ROOT);
            if (!SYMBOL.matcher(sym).matches()) {
                problems.add("EXTRA_SYMBOLS: '" + s + "' is not a stock code; use 3-10 letters or digits, comma separated, e.g. HAG,DIG");
            } else {
                extras.add(sym);
            }
        }
        int queue = intIn("STORE_QUEUE_CAPACITY", 500_000, 1_000, 10_000_000, "rows buffered for the database, 1000-10000000");
        int wsRate = intIn("WS_MAX_RATE", 20, 1, 100, "WebSocket updates per second per client, 1-100");
        int hb = intIn("WS_HEARTBEAT_SECONDS", 15, 1, 300, "seconds between WebSocket heartbeats, 1-300");
        int maxClients = intIn("WS_MAX_CLIENTS", 20_000, 1, 1_000_000, "WebSocket connections served at once, 1-1000000 (default 20000)");
        FuturesContracts futures = null;
        if (env.get("FUTURES_CONTRACTS") != null && !env.get("FUTURES_CONTRACTS").isBlank()
                || env.get("FUTURES_SHOWN") != null && !env.get("FUTURES_SHOWN").isBlank()) {
            // checked against today's trading day: an expired contract is a mistake worth a clear line
            futures = FuturesContracts.parse(env.get("FUTURES_CONTRACTS"), env.get("FUTURES_SHOWN"),
                    TradingCalendar.tradingDay(System.currentTimeMillis()), problems);
        }
        return new AppConfig(port, host, dbUrl, dbUser, dbPassword, redisUrl, redisPassword, cors, source, seed, rate,
                clock, level, extras, queue, wsRate, Duration.ofSeconds(hb), maxClients, futures,
                alerts(), wsToken(), scale(), retention());
    }

    /** {@code BACKEND_ROLE} and the collector / API settings. */
    private ScaleConfig scale() {
        String r = get("BACKEND_ROLE", "all");
        BackendRole role = BackendRole.parse(r);
        if (role == null) {
            problems.add("BACKEND_ROLE: '" + r + "' is not a role; use all (one process, the default), collector"
                    + " (source, database, publishes to Redis) or api (serves from Redis, reads the database)");
            role = BackendRole.ALL;
        }
        String replica = get("REPLICA_ID", get("HOSTNAME", "local"));
        if (!replica.matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("REPLICA_ID: '" + replica + "' must be 1-64 letters, digits and . _ - (it goes in a header)");
            replica = "local";
        }
        int maxLen = intIn("STREAM_MAXLEN", ScaleConfig.DEFAULT.streamMaxLen(), 100, 1_000_000,
                "entries kept per Redis stream, 100-1000000 (default 2000)");
        int lease = intIn("COLLECTOR_LEASE_MS", (int) ScaleConfig.DEFAULT.leaseTtlMs(), 500, 60_000,
                "milliseconds the active collector's lease lasts unrenewed, 500-60000 (default 3000)");
        String readRole = env.containsKey("DATABASE_READ_ROLE") ? env.get("DATABASE_READ_ROLE").trim()
                : ScaleConfig.DEFAULT.readRole();
        if (!readRole.isEmpty() && !readRole.matches("[a-z_][a-z0-9_]{0,62}")) {
            problems.add("DATABASE_READ_ROLE: '" + readRole + "' is not a PostgreSQL role name; use lower-case letters,"
                    + " digits and _ (default tracker_reader), or empty to read as the login in read-only transactions");
            readRole = ScaleConfig.DEFAULT.readRole();
        }
        return new ScaleConfig(role, replica, maxLen, lease, readRole);
    }

    /** {@code RETENTION_RAW_DAYS} and {@code RETENTION_CANDLE_DAYS}; candles are kept at least as long as raw data. */
    private RetentionConfig retention() {
        RetentionConfig d = RetentionConfig.DEFAULT;
        int raw = intIn("RETENTION_RAW_DAYS", d.rawDays(), RetentionConfig.MIN_RAW_DAYS, RetentionConfig.MAX_RAW_DAYS,
                "days of ticks, futures ticks, index snapshots and foreign flow kept, " + RetentionConfig.MIN_RAW_DAYS + "-"
                        + RetentionConfig.MAX_RAW_DAYS + " (default " + d.rawDays() + ")");
        int candles = intIn("RETENTION_CANDLE_DAYS", d.candleDays(), 1, RetentionConfig.MAX_CANDLE_DAYS,
                "days of 1-minute candles and alerts kept, at least RETENTION_RAW_DAYS, up to " + RetentionConfig.MAX_CANDLE_DAYS
                        + " (default " + d.candleDays() + ")");
        if (candles < raw) {
            problems.add("RETENTION_CANDLE_DAYS: " + candles + " is less than RETENTION_RAW_DAYS (" + raw + "); candles are built"
                    + " from the raw ticks and must be kept at least as long, e.g. RETENTION_CANDLE_DAYS=" + Math.max(raw, d.candleDays()));
            candles = Math.max(raw, d.candleDays());
        }
        return new RetentionConfig(raw, candles);
    }

    /** The alert switch and thresholds (defaults: the original tracker's constants). */
    private AlertConfig alerts() {
        AlertConfig d = AlertConfig.DEFAULTS;
        boolean enabled = bool("ALERTS_ENABLED", d.enabled());
        double ratio = doubleIn("ALERT_VOLUME_SPIKE_RATIO", d.volumeSpikeRatio(), 1.1, 1_000,
                "a multiple of the average trade volume above 1, e.g. 3 (default 3)");
        int volWindow = intIn("ALERT_VOLUME_WINDOW_SECONDS", (int) d.volumeWindow().toSeconds(), 10, 86_400,
                "seconds of trades the average is taken over, 10-86400 (default 1200 = 20 minutes)");
        int minTrades = intIn("ALERT_VOLUME_MIN_TRADES", d.volumeMinTrades(), 1, 100_000,
                "trades in the window before a spike can fire, 1-100000 (default 10)");
        double pct = doubleIn("ALERT_FOREIGN_CHANGE_PCT", d.foreignChangePct(), 1, 10_000,
                "percent change of the foreign net value, e.g. 30 (default 30)");
        int fWindow = intIn("ALERT_FOREIGN_WINDOW_SECONDS", (int) d.foreignWindow().toSeconds(), 10, 86_400,
                "seconds the change is measured over, 10-86400 (default 300 = 5 minutes)");
        long minNet = longIn("ALERT_FOREIGN_MIN_NET_VALUE", d.foreignMinNetValue(), 0, 1_000_000_000_000_000L,
                "VND; net values under it are ignored, e.g. 1000000000 (default 1 billion)");
        int dedup = intIn("ALERT_DEDUP_SECONDS", (int) d.dedup().toSeconds(), 1, 86_400,
                "seconds within which one kind and symbol fire once, 1-86400 (default 60)");
        return new AlertConfig(enabled, ratio, Duration.ofSeconds(volWindow), minTrades, pct, Duration.ofSeconds(fWindow),
                minNet, Duration.ofSeconds(dedup));
    }

    /** {@code WS_TOKEN}: off when empty; otherwise long enough not to be guessed. */
    private String wsToken() {
        String t = env.getOrDefault("WS_TOKEN", "").trim();
        if (!t.isEmpty() && (t.length() < 16 || !t.matches("[A-Za-z0-9._~-]+"))) {
            problems.add("WS_TOKEN: must be at least 16 characters of letters, digits and . _ ~ - (it goes in a URL);"
                    + " generate one with: head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; or leave it empty for open sockets");
            return "";
        }
        return t;
    }

    private boolean bool(String name, boolean def) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> {
                problems.add(name + ": '" + v + "' is not true or false");
                yield def;
            }
        };
    }

    private double doubleIn(String name, double def, double min, double max, String hint) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                problems.add(name + ": " + v + " is out of range; use " + hint);
                return def;
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + v + "' is not a number; use " + hint);
            return def;
        }
    }

    private long longIn(String name, long def, long min, long max, String hint) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            long l = Long.parseLong(v);
            if (l < min || l > max) {
                problems.add(name + ": " + l + " is out of range; use " + hint);
                return def;
            }
            return l;
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + v + "' is not a whole number; use " + hint);
            return def;
        }
    }

    private void checkRedis(String url) {
        try {
            URI u = URI.create(url);
            if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add("REDIS_URL: '" + url + "' is not a Redis URL; use redis://host:6379 (password in REDIS_PASSWORD)");
        }
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private int intIn(String name, int def, int min, int max, String hint) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problems.add(name + ": " + i + " is out of range; use " + hint);
                return def;
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + v + "' is not a number; use " + hint);
            return def;
        }
    }

    private long longValue(String name, long def) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + v + "' is not a whole number; use e.g. " + name + "=42");
            return def;
        }
    }
}
