package dev.stackctl.verify;

import dev.stackctl.model.StackDefinition;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.concurrent.Futures;
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
     * The data stores and the backend healthy: the probes could run as soon as the data stores are
     * healthy, but on a small machine they would then take CPU from the backend's JVM start; after it,
     * they overlap compose's wait before it starts the frontend.
     */
    @Override
    public List<String> needsHealthy(StackDefinition definition) {
        return definition.roles().backingServices();
    }

    /** Marks the end of one probe's output and its exit code inside a combined exec. */
    private static final String END = "@@stackctl-exit=";

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        Map<String, InspectContainerResponse> containers = target.inspectAll();
        InspectContainerResponse backend = containers.get(target.roles().app());
        InspectContainerResponse redis = containers.get(target.roles().cache().service());
        InspectContainerResponse postgres = containers.get(target.roles().database().service());
        if (redis == null || postgres == null || backend == null) {
            String missing = redis == null ? target.roles().cache().service() : postgres == null ? target.roles().database().service() : target.roles().app();
            return CheckResult.failed(this, missing + " has no container", Duration.ZERO, missing);
        }
        Map<String, String> env = StackTarget.env(backend);
        DockerEngine engine = target.engine();
        Duration t = Duration.ofSeconds(Math.max(1, Math.min(10, deadline.remaining().toSeconds())));
        String user = env.getOrDefault("DATABASE_USER", "");
        String url = env.getOrDefault("DATABASE_URL", "");
        String db = url.isEmpty() ? user : URI.create(url.replaceFirst("^jdbc:", "")).getPath().replaceFirst("^/", "");
        // Two execs (each one costs the engine a process spawn), one per data store, each running the
        // right-credentials probe and then the no/wrong-credentials one. Credentials and names travel as
        // environment variables, never inside the shell text.
        DockerEngine.ExecResult redisOut, pgOut;
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<DockerEngine.ExecResult> redisF = probes.submit(() -> engine.exec(redis.getId(), List.of("sh", "-c",
                    "redis-cli --no-auth-warning ping; echo \"" + END + "$?\"; env -u REDISCLI_AUTH redis-cli ping; echo \"" + END + "$?\""),
                    Map.of("REDISCLI_AUTH", env.getOrDefault("REDIS_PASSWORD", "")), t));
            Future<DockerEngine.ExecResult> pgF = probes.submit(() -> engine.exec(postgres.getId(), List.of("sh", "-c",
                    "psql -w -tAc \"$0\"; echo \"" + END + "$?\"; PGPASSWORD=\"$STACKCTL_WRONG_PASSWORD\" psql -w -tAc 'select 1'; echo \"" + END + "$?\"",
                    "select current_user || '@' || current_database() || ', ' || split_part(version(), ' ', 2)"
                            + " || coalesce(', timescaledb ' || (select extversion from pg_extension where extname = 'timescaledb'), '')"),
                    Map.of("PGHOST", "127.0.0.1", "PGUSER", user, "PGDATABASE", db, "PGPASSWORD", env.getOrDefault("DATABASE_PASSWORD", ""),
                            "STACKCTL_WRONG_PASSWORD", "wrong-" + Long.toHexString(System.nanoTime())), t));
            redisOut = Futures.await(redisF);
            pgOut = Futures.await(pgF);
        }
        List<Probe> r = Probe.split(redisOut.output());
        List<Probe> p = Probe.split(pgOut.output());
        if (r.size() < 2 || r.get(0).exit() != 0 || !r.get(0).output().contains("PONG")) {
            return CheckResult.failed(this, "redis-cli ping with the backend's REDIS_PASSWORD answered: " + redisOut.output().replace(END, "exit ").strip(),
                    Duration.between(start, Instant.now()), target.roles().cache().service());
        }
        boolean authEnforced = r.get(1).output().contains("NOAUTH");
        if (p.size() < 2 || p.get(0).exit() != 0) {
            return CheckResult.failed(this, "psql login as " + user + " to " + db + " over TCP failed: " + pgOut.output().replace(END, "exit ").strip(),
                    Duration.between(start, Instant.now()), target.roles().database().service());
        }
        boolean wrongRefused = p.get(1).exit() != 0;
        String evidence = "redis PING -> PONG with password" + (authEnforced ? ", NOAUTH without" : ", WARNING: also answers without a password")
                + "; postgres login " + p.get(0).output() + " over TCP with password"
                + (wrongRefused ? ", a wrong password is refused" : ", WARNING: a wrong password was accepted");
        if (!authEnforced || !wrongRefused) {
            return CheckResult.failed(this, evidence, Duration.between(start, Instant.now()), authEnforced ? target.roles().database().service() : target.roles().cache().service());
        }
        return CheckResult.passed(this, evidence, Duration.between(start, Instant.now()));
    }

    /** One probe's output (trimmed) and exit code, as cut from a combined exec's output. */
    record Probe(String output, int exit) {
        static List<Probe> split(String combined) {
            List<Probe> out = new java.util.ArrayList<>();
            int from = 0;
            int at;
            while ((at = combined.indexOf(END, from)) >= 0) {
                int eol = combined.indexOf('\n', at);
                String code = combined.substring(at + END.length(), eol < 0 ? combined.length() : eol).strip();
                int exit;
                try {
                    exit = Integer.parseInt(code);
                } catch (NumberFormatException e) {
                    exit = -1;
                }
                out.add(new Probe(combined.substring(from, at).strip(), exit));
                from = eol < 0 ? combined.length() : eol + 1;
            }
            return out;
        }
    }
}
