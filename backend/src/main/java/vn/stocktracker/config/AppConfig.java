package vn.stocktracker.config;

import vn.stocktracker.market.FuturesContracts;
import vn.stocktracker.market.alert.AlertConfig;

import java.time.Duration;
import java.util.List;

/**
 * The validated configuration of the backend; see {@link ConfigLoader} for the variables and defaults.
 *
 * @param httpPort         {@code HTTP_PORT}, 0 means "any free port" (tests)
 * @param httpHost         {@code HTTP_HOST}, interface to bind
 * @param databaseUrl      {@code DATABASE_URL}, {@code jdbc:postgresql://host:port/db}
 * @param databaseUser     {@code DATABASE_USER}
 * @param databasePassword {@code DATABASE_PASSWORD} (never logged)
 * @param redisUrl         {@code REDIS_URL}, {@code redis://host:port}
 * @param redisPassword    {@code REDIS_PASSWORD}, empty for none (never logged)
 * @param corsOrigins      {@code CORS_ORIGINS}
 * @param marketSource     {@code MARKET_SOURCE}
 * @param simSeed          {@code SIM_SEED}
 * @param simRate          {@code SIM_RATE}, events per second
 * @param sessionClock     {@code SESSION_CLOCK}: real, open, fast
 * @param logLevel         {@code LOG_LEVEL}
 * @param extraSymbols     {@code EXTRA_SYMBOLS}
 * @param storeQueue       {@code STORE_QUEUE_CAPACITY}, rows
 * @param wsMaxRate        {@code WS_MAX_RATE}, updates per second per client
 * @param heartbeat        {@code WS_HEARTBEAT_SECONDS}
 * @param wsMaxClients     {@code WS_MAX_CLIENTS}, WebSocket connections served at once (more are refused)
 * @param futures          {@code FUTURES_CONTRACTS} / {@code FUTURES_SHOWN}; null: the trading day's current
 *                         and next-month contracts, the most traded shown
 * @param alerts           {@code ALERTS_ENABLED} and the {@code ALERT_*} thresholds
 * @param wsToken          {@code WS_TOKEN}: when not empty, WebSocket clients must send it ({@code ?token=});
 *                         empty (the default) means the sockets are open (never logged)
 * @param scale            {@code BACKEND_ROLE} and the settings of the collector / API split
 * @param retention        {@code RETENTION_RAW_DAYS} / {@code RETENTION_CANDLE_DAYS}: what the writing roles drop
 */
public record AppConfig(
        int httpPort, String httpHost,
        String databaseUrl, String databaseUser, String databasePassword,
        String redisUrl, String redisPassword,
        List<String> corsOrigins, String marketSource,
        long simSeed, int simRate, String sessionClock, String logLevel, List<String> extraSymbols,
        int storeQueue, int wsMaxRate, Duration heartbeat, int wsMaxClients, FuturesContracts futures,
        AlertConfig alerts, String wsToken, ScaleConfig scale, RetentionConfig retention) {

    public AppConfig {
        scale = scale == null ? ScaleConfig.DEFAULT : scale;
        retention = retention == null ? RetentionConfig.DEFAULT : retention;
        corsOrigins = List.copyOf(corsOrigins);
        extraSymbols = List.copyOf(extraSymbols);
    }

    /** For logs: everything but the secrets. */
    @Override
    public String toString() {
        return "AppConfig[httpPort=" + httpPort + ", databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser
                + ", redisUrl=" + redisUrl + ", corsOrigins=" + corsOrigins + ", marketSource=" + marketSource
                + ", simSeed=" + simSeed + ", simRate=" + simRate + ", sessionClock=" + sessionClock
                + ", logLevel=" + logLevel + ", extraSymbols=" + extraSymbols + ", alerts=" + alerts
                + ", wsToken=" + (wsToken.isEmpty() ? "off" : "set") + ", role=" + scale.role().wire()
                + ", replica=" + scale.replicaId() + ", retention=" + retention.rawDays() + "d raw, "
                + retention.candleDays() + "d candles]";
    }
}
