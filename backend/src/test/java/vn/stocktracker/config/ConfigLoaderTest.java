package vn.stocktracker.config;

import org.junit.jupiter.api.Test;

import vn.stocktracker.market.alert.AlertConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    @Test
    void defaults() {
        AppConfig c = ConfigLoader.load(Map.of());
        assertThat(c.httpPort()).isEqualTo(8000);
        assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://localhost:5432/tracker");
        assertThat(c.redisUrl()).isEqualTo("redis://localhost:6379");
        assertThat(c.marketSource()).isEqualTo("simulated");
        assertThat(c.sessionClock()).isEqualTo("real");
        assertThat(c.simSeed()).isEqualTo(42);
        assertThat(c.simRate()).isEqualTo(200);
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void readsEveryVariable() {
        AppConfig c = ConfigLoader.load(Map.ofEntries(
                Map.entry("HTTP_PORT", "9000"), Map.entry("DATABASE_URL", "jdbc:postgresql://timescaledb:5432/stocks"),
                Map.entry("DATABASE_USER", "u"), Map.entry("DATABASE_PASSWORD", "secret-pw"),
                Map.entry("REDIS_URL", "redis://redis:6379"), Map.entry("REDIS_PASSWORD", "rpw"),
                Map.entry("CORS_ORIGINS", "http://localhost, http://localhost:5173"), Map.entry("MARKET_SOURCE", "Simulated"),
                Map.entry("SIM_SEED", "-7"), Map.entry("SIM_RATE", "50000"), Map.entry("SESSION_CLOCK", "fast"),
                Map.entry("LOG_LEVEL", "debug"), Map.entry("EXTRA_SYMBOLS", "hag,DIG")));
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.corsOrigins()).containsExactly("http://localhost", "http://localhost:5173");
        assertThat(c.marketSource()).isEqualTo("simulated");
        assertThat(c.simSeed()).isEqualTo(-7);
        assertThat(c.simRate()).isEqualTo(50_000);
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.extraSymbols()).containsExactly("HAG", "DIG");
        assertThat(c.toString()).doesNotContain("secret-pw").doesNotContain("rpw");
    }

    @Test
    void reportsEveryProblemOnItsOwnLineNamingTheVariable() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "HTTP_PORT", "eighty", "DATABASE_URL", "postgres://db/x", "REDIS_URL", "localhost:6379",
                "MARKET_SOURCE", "bloomberg", "SIM_RATE", "0", "SESSION_CLOCK", "slow", "CORS_ORIGINS", "*",
                "EXTRA_SYMBOLS", "OK1,no way", "SIM_SEED", "1.5")));
        List<String> p = e.problems();
        assertThat(p).hasSize(9);
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("HTTP_PORT: 'eighty' is not a number"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("DATABASE_URL:").contains("jdbc:postgresql://host:5432/dbname"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("REDIS_URL:").contains("redis://host:6379"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("MARKET_SOURCE: 'bloomberg'").contains("simulated, ssi, replay"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("SIM_RATE: 0 is out of range"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("SESSION_CLOCK: 'slow'"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("CORS_ORIGINS: '*' is not allowed"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("EXTRA_SYMBOLS: 'no way'"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("SIM_SEED: '1.5'"));
        assertThat(p).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
    }

    @Test
    void rejectsAnOriginWithAPath() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("CORS_ORIGINS", "http://localhost/app")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CORS_ORIGINS: 'http://localhost/app' is not an origin");
    }

    @Test
    void alertThresholdsDefaultToTheOriginalConstantsAndCanBeSet() {
        assertThat(ConfigLoader.load(Map.of()).alerts()).isEqualTo(AlertConfig.DEFAULTS);
        assertThat(ConfigLoader.load(Map.of()).wsToken()).isEmpty();
        AppConfig c = ConfigLoader.load(Map.of("ALERTS_ENABLED", "false", "ALERT_VOLUME_SPIKE_RATIO", "2.5",
                "ALERT_VOLUME_WINDOW_SECONDS", "600", "ALERT_VOLUME_MIN_TRADES", "3", "ALERT_FOREIGN_CHANGE_PCT", "45",
                "ALERT_FOREIGN_WINDOW_SECONDS", "20", "ALERT_FOREIGN_MIN_NET_VALUE", "5000000", "ALERT_DEDUP_SECONDS", "5",
                "WS_TOKEN", "s3cret-token_0123456789"));
        assertThat(c.alerts()).isEqualTo(new AlertConfig(false, 2.5, Duration.ofMinutes(10), 3, 45, Duration.ofSeconds(20),
                5_000_000, Duration.ofSeconds(5)));
        assertThat(c.wsToken()).isEqualTo("s3cret-token_0123456789");
        assertThat(c.toString()).contains("wsToken=set").doesNotContain("s3cret");
    }

    @Test
    void everyBadAlertValueGetsItsOwnLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "ALERTS_ENABLED", "maybe", "ALERT_VOLUME_SPIKE_RATIO", "1", "ALERT_VOLUME_WINDOW_SECONDS", "20m",
                "ALERT_VOLUME_MIN_TRADES", "0", "ALERT_FOREIGN_CHANGE_PCT", "thirty", "ALERT_FOREIGN_WINDOW_SECONDS", "5",
                "ALERT_FOREIGN_MIN_NET_VALUE", "-1", "ALERT_DEDUP_SECONDS", "0", "WS_TOKEN", "short")));
        assertThat(e.problems()).containsExactly(
                "ALERTS_ENABLED: 'maybe' is not true or false",
                "ALERT_VOLUME_SPIKE_RATIO: 1 is out of range; use a multiple of the average trade volume above 1, e.g. 3 (default 3)",
                "ALERT_VOLUME_WINDOW_SECONDS: '20m' is not a number; use seconds of trades the average is taken over, 10-86400 (default 1200 = 20 minutes)",
                "ALERT_VOLUME_MIN_TRADES: 0 is out of range; use trades in the window before a spike can fire, 1-100000 (default 10)",
                "ALERT_FOREIGN_CHANGE_PCT: 'thirty' is not a number; use percent change of the foreign net value, e.g. 30 (default 30)",
                "ALERT_FOREIGN_WINDOW_SECONDS: 5 is out of range; use seconds the change is measured over, 10-86400 (default 300 = 5 minutes)",
                "ALERT_FOREIGN_MIN_NET_VALUE: -1 is out of range; use VND; net values under it are ignored, e.g. 1000000000 (default 1 billion)",
                "ALERT_DEDUP_SECONDS: 0 is out of range; use seconds within which one kind and symbol fire once, 1-86400 (default 60)",
                "WS_TOKEN: must be at least 16 characters of letters, digits and . _ ~ - (it goes in a URL); generate one with:"
                        + " head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; or leave it empty for open sockets");
    }

    @Test
    void retentionWindowsDefaultToThirtyAndThreeHundredSixtyFiveDays() {
        assertThat(ConfigLoader.load(Map.of()).retention()).isEqualTo(new RetentionConfig(30, 365));
        assertThat(ConfigLoader.load(Map.of("RETENTION_RAW_DAYS", "7", "RETENTION_CANDLE_DAYS", "90")).retention())
                .isEqualTo(new RetentionConfig(7, 90));
    }

    @Test
    void aBadRetentionValueNamesItsVariable() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "RETENTION_RAW_DAYS", "30d", "RETENTION_CANDLE_DAYS", "0"))).problems()).containsExactly(
                "RETENTION_RAW_DAYS: '30d' is not a number; use days of ticks, futures ticks, index snapshots and foreign flow kept, 3-3650 (default 30)",
                "RETENTION_CANDLE_DAYS: 0 is out of range; use days of 1-minute candles and alerts kept, at least RETENTION_RAW_DAYS, up to 36500 (default 365)");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "RETENTION_RAW_DAYS", "60", "RETENTION_CANDLE_DAYS", "45"))).problems()).containsExactly(
                "RETENTION_CANDLE_DAYS: 45 is less than RETENTION_RAW_DAYS (60); candles are built from the raw ticks and must be kept"
                        + " at least as long, e.g. RETENTION_CANDLE_DAYS=365");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of("RETENTION_RAW_DAYS", "1"))).problems())
                .singleElement().asString().startsWith("RETENTION_RAW_DAYS: 1 is out of range; use days of ticks");
    }
}
