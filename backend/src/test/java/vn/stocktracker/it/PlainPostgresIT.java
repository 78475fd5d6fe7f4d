package vn.stocktracker.it;

import vn.stocktracker.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.App;
import vn.stocktracker.config.ConfigLoader;
import vn.stocktracker.config.RetentionConfig;
import vn.stocktracker.store.Retention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain PostgreSQL: the TimescaleDB extension files are removed from this throwaway server, so the
 * extension is not available, and the backend's database is created from template0 (without it).
 * The migrations keep plain tables and everything, candles included, still works.
 */
class PlainPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsOnPlainPostgres() throws Exception {
        try (Services services = new Services()) {
            services.execInDatabase("sh", "-c", "rm -f /usr/share/postgresql/*/extension/timescaledb*.control");
            try (Connection c = services.connect();
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("extension still available").isZero();
                c.createStatement().execute("CREATE DATABASE plain TEMPLATE template0");
            }
            Map<String, String> env = services.env();
            env.put("DATABASE_URL", services.jdbcUrl("plain"));
            env.put("SIM_RATE", "2000");
            App app = App.start(ConfigLoader.load(env), env, Clock.systemUTC());
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + app.port();
                Await.until(Duration.ofSeconds(30), "stored ticks", () -> app.writer().writtenRows() > 300);
                JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(health.get("status").asText()).isEqualTo("ok");
                assertThat(health.at("/database/timescale").asText()).isEqualTo("none");
                HttpResponse<String> candles = http.send(HttpRequest.newBuilder(URI.create(base + "/api/history/FPT/candles?interval=5m")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(candles.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(candles.body()).get("candles").size()).isPositive();
                try (Connection c = services.connect("plain");
                     ResultSet rs = c.createStatement().executeQuery(
                             "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
                // retention without chunks: the same windows, applied with DELETE
                try (Connection c = services.connect("plain")) {
                    c.createStatement().execute("INSERT INTO ticks VALUES (now() - INTERVAL '40 days', 'FPT', 25000, 100, 'B', 'continuous', 1),"
                            + " (now() - INTERVAL '20 days', 'FPT', 25000, 100, 'B', 'continuous', 2)");
                }
                Retention.Outcome out = new Retention(app.database(), RetentionConfig.DEFAULT, Clock.systemUTC(),
                        new SimpleMeterRegistry()).runOnce();
                assertThat(out.dropped()).singleElement().satisfies(d -> {
                    assertThat(d.table()).isEqualTo("ticks");
                    assertThat(d.chunks()).isEmpty();
                    assertThat(d.rows()).isEqualTo(1);
                });
                try (Connection c = services.connect("plain");
                     ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ticks WHERE ts < now() - INTERVAL '10 days'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the 20-day-old row stays, the 40-day-old one is deleted").isEqualTo(1);
                }
            } finally {
                app.stop();
            }
        }
    }
}
