package vn.stocktracker.it;

import vn.stocktracker.testing.Await;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar stops on SIGTERM within 10 s, flushing its write queue. */
class ShutdownIT {

    @Test
    void sigtermFlushesAndExitsWithinTenSeconds() throws Exception {
        Path jar = Path.of("target", "backend.jar");
        assertThat(jar).as("run ./mvnw -pl backend package first").exists();
        try (Services services = new Services()) {
            Map<String, String> env = services.env();
            int port = Services.freePort();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString());
            pb.environment().putAll(env);
            pb.environment().put("HTTP_PORT", Integer.toString(port));
            pb.environment().put("SIM_RATE", "5000");
            Path log = Files.createTempFile("backend-shutdown", ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
                Await.until(Duration.ofSeconds(60), "healthy", () -> {
                    try {
                        return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (Exception e) {
                        return false;
                    }
                });
                Thread.sleep(2_000);
                long t0 = System.nanoTime();
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
                assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
            } finally {
                p.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(out).contains("(0 rows unwritten)");
            try (Connection c = services.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ticks")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
    }
}
