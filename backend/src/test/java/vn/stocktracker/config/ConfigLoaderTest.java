package vn.stocktracker.config;

import org.junit.jupiter.api.Test;

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
}
