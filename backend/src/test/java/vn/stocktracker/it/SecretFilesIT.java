package vn.stocktracker.it;

import vn.stocktracker.testing.Await;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passwords as files, the way Docker Swarm mounts secrets: the TimescaleDB image initialises its
 * cluster from {@code POSTGRES_PASSWORD_FILE} (a root-only file, as a secret with mode 0400 is) and
 * keeps the password out of the server's environment; the packaged backend jar logs in to it and to a
 * password-protected Redis with {@code DATABASE_PASSWORD_FILE} and {@code REDIS_PASSWORD_FILE} alone;
 * a value given both ways stops either with one clear line.
 */
class SecretFilesIT {

    private static final String SECRET_PATH = "/run/secrets/postgres_password";

    @TempDir
    Path dir;

    private static GenericContainer<?> database(String password, boolean alsoPlain) {
        GenericContainer<?> db = new GenericContainer<>(DockerImageName.parse(Services.TIMESCALE_IMAGE))
                .withImagePullPolicy(image -> false)
                .withEnv("POSTGRES_USER", "tracker")
                .withEnv("POSTGRES_DB", "tracker")
                .withEnv("POSTGRES_PASSWORD_FILE", SECRET_PATH)
                .withCopyToContainer(Transferable.of(password + "\n", 0400), SECRET_PATH)
                .withExposedPorts(5432);
        if (alsoPlain) {
            db.withEnv("POSTGRES_PASSWORD", "plain-" + password);
        }
        return db;
    }

    @Test
    void theDatabaseImageAndTheBackendTakeTheirPasswordsFromFiles() throws Exception {
        Path jar = Path.of("target", "backend.jar");
        assertThat(jar).as("run ./mvnw -pl backend package first").exists();
        String dbPassword = "db-" + UUID.randomUUID();
        String redisPassword = "redis-" + UUID.randomUUID();
        int dbPort = Services.freePort();
        int redisPort = Services.freePort();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (GenericContainer<?> db = database(dbPassword, false)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName("backend-it-secretdb-" + suffix);
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", dbPort),
                            ExposedPort.tcp(5432)));
                })
                // the temporary server of the initialisation listens on no TCP port
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(90)));
             GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(Services.REDIS_IMAGE))
                     .withImagePullPolicy(image -> false)
                     .withCommand("redis-server", "--requirepass", redisPassword, "--dir", "/data")
                     .withExposedPorts(6379)
                     .withCreateContainerCmdModifier(cmd -> {
                         cmd.withName("backend-it-secretredis-" + suffix);
                         cmd.getHostConfig().withPortBindings(new PortBinding(
                                 Ports.Binding.bindIpAndPort("127.0.0.1", redisPort), ExposedPort.tcp(6379)));
                     })
                     .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(30)))) {
            db.start();
            redis.start();
            String url = "jdbc:postgresql://127.0.0.1:" + dbPort + "/tracker";
            Await.until(Duration.ofSeconds(30), "login with the password from the file", () -> {
                try (Connection c = DriverManager.getConnection(url, "tracker", dbPassword)) {
                    return c.isValid(2);
                } catch (SQLException e) {
                    return false;
                }
            });
            assertThatThrownBy(() -> DriverManager.getConnection(url, "tracker", dbPassword + "x").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            // the server itself (PID 1, user postgres) runs without the password in its environment
            // (read as postgres: root without CAP_SYS_PTRACE may not read another user's environ)
            String environ = db.execInContainerWithUser("postgres", "cat", "/proc/1/environ").getStdout();
            assertThat(environ).contains("PGDATA=").doesNotContain(dbPassword).doesNotContain("POSTGRES_PASSWORD");

            Path dbFile = dir.resolve("database_password");
            Path redisFile = dir.resolve("redis_password");
            Files.writeString(dbFile, dbPassword + "\n");
            Files.writeString(redisFile, redisPassword + "\n");
            int port = Services.freePort();
            ProcessBuilder pb = backend(jar, port);
            pb.environment().put("DATABASE_URL", url);
            pb.environment().put("DATABASE_PASSWORD_FILE", dbFile.toString());
            pb.environment().put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
            pb.environment().put("REDIS_PASSWORD_FILE", redisFile.toString());
            Path log = dir.resolve("backend.log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
                String[] body = {""};
                Await.until(Duration.ofSeconds(60), "backend healthy with database and redis up", () -> {
                    try {
                        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                        body[0] = r.body();
                        return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"ok\"");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(body[0]).contains("\"database\":{\"status\":\"up\"").contains("\"redis\":{\"status\":\"up\"");
            } finally {
                p.destroy();
                p.waitFor(15, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain(dbPassword).doesNotContain(redisPassword);
        }
    }

    @Test
    void aPasswordGivenBothWaysStopsTheDatabaseImageWithOneLine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var client = DockerClientFactory.instance().client();
        String id = client.createContainerCmd(Services.TIMESCALE_IMAGE)
                .withName("backend-it-secretboth-" + suffix)
                .withEnv("POSTGRES_PASSWORD=plain", "POSTGRES_PASSWORD_FILE=" + SECRET_PATH)
                .exec().getId();
        try {
            // refused before the file is even looked at
            client.startContainerCmd(id).exec();
            Integer code = client.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(1);
            List<String> lines = logsOf(client, id).lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).endsWith("[entrypoint] error: both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set;"
                    + " set only one (POSTGRES_PASSWORD_FILE names a file holding the value)");
        } finally {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    @Test
    void aSecretFileTheImageCannotReadIsOneLine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var client = DockerClientFactory.instance().client();
        String id = client.createContainerCmd(Services.TIMESCALE_IMAGE)
                .withName("backend-it-secretmissing-" + suffix)
                .withEnv("POSTGRES_PASSWORD_FILE=/run/secrets/nowhere")
                .exec().getId();
        try {
            client.startContainerCmd(id).exec();
            Integer code = client.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(1);
            List<String> lines = logsOf(client, id).lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("[entrypoint] error: POSTGRES_PASSWORD_FILE: cannot read /run/secrets/nowhere");
        } finally {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    @Test
    void thePackagedBackendRefusesAPasswordGivenBothWaysAndAMissingFile() throws Exception {
        Path jar = Path.of("target", "backend.jar");
        assertThat(jar).as("run ./mvnw -pl backend package first").exists();
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        ProcessBuilder pb = backend(jar, Services.freePort());
        pb.environment().put("DATABASE_PASSWORD", "plain");
        pb.environment().put("DATABASE_PASSWORD_FILE", file.toString());
        pb.environment().put("REDIS_PASSWORD_FILE", dir.resolve("missing").toString());
        Path err = dir.resolve("err.txt");
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).containsExactlyInAnyOrder(
                "backend: config: DATABASE_PASSWORD_FILE: both DATABASE_PASSWORD and DATABASE_PASSWORD_FILE are set;"
                        + " set only one (DATABASE_PASSWORD_FILE names a file holding the value, e.g. /run/secrets/database_password)",
                "backend: config: REDIS_PASSWORD_FILE: cannot use " + dir.resolve("missing")
                        + " (no such file); point REDIS_PASSWORD_FILE at a readable file holding the value, or unset it");
    }

    private static ProcessBuilder backend(Path jar, int port) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("REDIS_"));
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("DATABASE_USER", "tracker");
        pb.environment().put("SESSION_CLOCK", "open");
        return pb;
    }

    private static String logsOf(com.github.dockerjava.api.DockerClient client, String id) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame f) {
                        sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(20, TimeUnit.SECONDS);
        return sb.toString();
    }
}
