package vn.stocktracker.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real PostgreSQL/TimescaleDB and Redis for integration tests, from the locally built images (never
 * pulled), published on fixed 127.0.0.1 ports so a container can be stopped and started again at the
 * same address. Fails with what to do when Docker or an image is missing.
 */
public final class Services implements AutoCloseable {
    public static final String TIMESCALE_IMAGE = "stackctl/timescaledb:2.19-pg17";
    public static final String REDIS_IMAGE = "stackctl/redis:8.0";
    public static final String DB_USER = "tracker";
    public static final String DB_NAME = "tracker";

    private final String dbPassword = "it-" + UUID.randomUUID();
    private final GenericContainer<?> db;
    private final GenericContainer<?> redis;
    private final int dbPort;
    private final int redisPort;

    public Services() {
        this(new String[0]);
    }

    /** With extra PostgreSQL server arguments, e.g. {@code -c shared_preload_libraries=}. */
    public Services(String... postgresArgs) {
        requireImage(TIMESCALE_IMAGE);
        requireImage(REDIS_IMAGE);
        dbPort = freePort();
        redisPort = freePort();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        db = new GenericContainer<>(DockerImageName.parse(TIMESCALE_IMAGE))
                .withImagePullPolicy(image -> false)
                .withEnv("POSTGRES_USER", DB_USER)
                .withEnv("POSTGRES_PASSWORD", dbPassword)
                .withEnv("POSTGRES_DB", DB_NAME)
                .withExposedPorts(5432)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName("backend-it-db-" + suffix);
                    if (postgresArgs.length > 0) {
                        String[] command = new String[postgresArgs.length + 1];
                        command[0] = "postgres";
                        System.arraycopy(postgresArgs, 0, command, 1, postgresArgs.length);
                        cmd.withCmd(command);
                    }
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", dbPort), ExposedPort.tcp(5432)));
                })
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));
        redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withImagePullPolicy(image -> false)
                .withExposedPorts(6379)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName("backend-it-redis-" + suffix);
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", redisPort), ExposedPort.tcp(6379)));
                })
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(30)));
        db.start();
        redis.start();
        awaitDatabase(Duration.ofSeconds(60));
    }

    private static void requireImage(String image) {
        DockerClient client;
        try {
            client = DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new AssertionError("Docker is not reachable (" + e.getMessage() + "); start the engine (see .ci/run) and retry", e);
        }
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new AssertionError("image " + image + " is missing; run ./stackctl images build", e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DB_NAME);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + dbPort + "/" + database;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public int redisPort() {
        return redisPort;
    }

    public Connection connect() throws java.sql.SQLException {
        return connect(DB_NAME);
    }

    public Connection connect(String database) throws java.sql.SQLException {
        return DriverManager.getConnection(jdbcUrl(database), DB_USER, dbPassword);
    }

    /** Environment for the backend pointing at these services. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DATABASE_URL", jdbcUrl());
        env.put("DATABASE_USER", DB_USER);
        env.put("DATABASE_PASSWORD", dbPassword);
        env.put("REDIS_URL", redisUrl());
        env.put("SESSION_CLOCK", "open");
        return env;
    }

    /** Waits until the database accepts a login and a query (the image may restart once after init). */
    public void awaitDatabase(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect()) {
                c.createStatement().execute("SELECT 1");
                return;
            } catch (Exception e) {
                last = e;
                sleep(250);
            }
        }
        throw new AssertionError("database did not accept connections within " + timeout + ": " + last);
    }

    /** Runs a command in the database container (as root); fails on a non-zero exit. */
    public String execInDatabase(String... cmd) {
        try {
            org.testcontainers.containers.Container.ExecResult r = db.execInContainer(cmd);
            if (r.getExitCode() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + r.getStderr());
            }
            return r.getStdout();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String dbPassword() {
        return dbPassword;
    }

    /** Whether the database container is running (tests that stop it restore it in their cleanup). */
    public boolean databaseRunning() {
        return Boolean.TRUE.equals(DockerClientFactory.instance().client().inspectContainerCmd(db.getContainerId())
                .exec().getState().getRunning());
    }

    public void stopDatabase() {
        DockerClientFactory.instance().client().stopContainerCmd(db.getContainerId()).withTimeout(10).exec();
    }

    public void startDatabase() {
        DockerClientFactory.instance().client().startContainerCmd(db.getContainerId()).exec();
        awaitDatabase(Duration.ofSeconds(60));
    }

    public void stopRedis() {
        DockerClientFactory.instance().client().stopContainerCmd(redis.getContainerId()).withTimeout(5).exec();
    }

    public void startRedis() {
        DockerClientFactory.instance().client().startContainerCmd(redis.getContainerId()).exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new AssertionError("redis did not come back");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        redis.stop();
        db.stop();
    }
}
