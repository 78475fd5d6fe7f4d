package dev.stackctl.verify;

import dev.stackctl.engine.DockerEngine;
import dev.stackctl.error.Futures;
import dev.stackctl.stack.StockTrackerStack;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Criterion 5: Redis answers PING with the configured password (and refuses without it), and
 * PostgreSQL accepts the backend's configured login over TCP with a password. Credentials are read from
 * the backend container's environment, i.e. exactly what the application uses.
 */
public final class DataStoresCheck implements Readiness {
    @Override
    public String id() {
        return "data-stores";
    }

    @Override
    public String criterion() {
        return "Redis answers PING; PostgreSQL accepts the configured login";
    }

    /**
     * The data stores and the backend: the probes could run as soon as the data stores are healthy, but
     * that is while the backend's JVM starts and needs both cores; once the backend is healthy they
     * overlap the frontend's start instead, which is light.
     */
    @Override
    public List<String> needsHealthy(dev.stackctl.model.Stack model) {
        return List.of(StockTrackerStack.TIMESCALEDB, StockTrackerStack.REDIS, StockTrackerStack.BACKEND);
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        Map<String, String> env = target.env(StockTrackerStack.BACKEND);
        String redisId = target.inspect(StockTrackerStack.REDIS).map(i -> i.getId()).orElse(null);
        String dbId = target.inspect(StockTrackerStack.TIMESCALEDB).map(i -> i.getId()).orElse(null);
        if (redisId == null || dbId == null) {
            return CheckResult.failed(this, "redis or timescaledb has no container", Duration.ZERO, redisId == null ? StockTrackerStack.REDIS : StockTrackerStack.TIMESCALEDB);
        }
        DockerEngine engine = target.engine();
        Duration t = Duration.ofSeconds(Math.max(1, Math.min(10, deadline.remaining().toSeconds())));
        String password = env.getOrDefault("REDIS_PASSWORD", "");
        String user = env.getOrDefault("DATABASE_USER", "");
        String url = env.getOrDefault("DATABASE_URL", "");
        String db = url.isEmpty() ? user : URI.create(url.replaceFirst("^jdbc:", "")).getPath().replaceFirst("^/", "");
        // four independent probes (each a docker exec): side by side
        DockerEngine.ExecResult ping, noAuth, login, wrong;
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<DockerEngine.ExecResult> pingF = probes.submit(() -> engine.exec(redisId, List.of("redis-cli", "--no-auth-warning", "ping"), Map.of("REDISCLI_AUTH", password), t));
            Future<DockerEngine.ExecResult> noAuthF = probes.submit(() -> engine.exec(redisId, List.of("redis-cli", "ping"), t));
            Future<DockerEngine.ExecResult> loginF = probes.submit(() -> engine.exec(dbId, List.of("psql", "-h", "127.0.0.1", "-U", user, "-d", db, "-w", "-tAc",
                    "select current_user || '@' || current_database() || ', ' || split_part(version(), ' ', 2)"
                            + " || coalesce(', timescaledb ' || (select extversion from pg_extension where extname = 'timescaledb'), '')"),
                    Map.of("PGPASSWORD", env.getOrDefault("DATABASE_PASSWORD", "")), t));
            Future<DockerEngine.ExecResult> wrongF = probes.submit(() -> engine.exec(dbId, List.of("psql", "-h", "127.0.0.1", "-U", user, "-d", db, "-w", "-tAc", "select 1"),
                    Map.of("PGPASSWORD", "wrong-" + Long.toHexString(System.nanoTime())), t));
            ping = Futures.await(pingF);
            noAuth = Futures.await(noAuthF);
            login = Futures.await(loginF);
            wrong = Futures.await(wrongF);
        }
        if (ping.exitCode() != 0 || !ping.output().contains("PONG")) {
            return CheckResult.failed(this, "redis-cli ping with the backend's REDIS_PASSWORD answered: " + ping.output().strip(), Duration.between(start, Instant.now()), StockTrackerStack.REDIS);
        }
        boolean authEnforced = noAuth.output().contains("NOAUTH");
        if (login.exitCode() != 0) {
            return CheckResult.failed(this, "psql login as " + user + " to " + db + " over TCP failed: " + login.output().strip(), Duration.between(start, Instant.now()), StockTrackerStack.TIMESCALEDB);
        }
        String evidence = "redis PING -> PONG with password" + (authEnforced ? ", NOAUTH without" : ", WARNING: also answers without a password")
                + "; postgres login " + login.output().strip() + " over TCP with password"
                + (wrong.exitCode() != 0 ? ", a wrong password is refused" : ", WARNING: a wrong password was accepted");
        if (!authEnforced || wrong.exitCode() == 0) {
            return CheckResult.failed(this, evidence, Duration.between(start, Instant.now()), authEnforced ? StockTrackerStack.TIMESCALEDB : StockTrackerStack.REDIS);
        }
        return CheckResult.passed(this, evidence, Duration.between(start, Instant.now()));
    }
}
