package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stackctl.engine.DockerEngine;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Criterion 6 ({@code --chaos}): SIGKILL the main process of the backend and of Redis, as a crash would
 * (from the host, by PID: {@code docker kill} would count as a manual stop and disable the restart
 * policy), and prove each comes back to healthy by itself with nothing lost: rows of the ticks table
 * written before the kill are still there, a Redis key written before the kill is still there, and the
 * backend writes new rows after it returns.
 */
public final class ChaosCheck implements Readiness {
    private final Duration recovery;

    public ChaosCheck(Duration recovery) {
        this.recovery = recovery;
    }

    @Override
    public String id() {
        return "restart-after-kill";
    }

    @Override
    public String criterion() {
        return "a killed service returns to healthy by itself, with no data loss";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline ignored) {
        Instant start = Instant.now();
        List<String> evidence = new ArrayList<>();
        try {
            Optional<Long> before = countTicks(target);
            if (before.isEmpty() || before.get() == 0) {
                return CheckResult.failed(this, "the backend has written no rows to " + target.roles().growingTable()
                        + " yet, so data loss cannot be measured (" + before.map(String::valueOf).orElse("query failed") + ")", elapsed(start), target.roles().app());
            }
            String marker = "chaos-" + Long.toHexString(System.nanoTime());
            redis(target, "SET", "stackctl:chaos", marker);
            Thread.sleep(1500); // appendfsync everysec: give Redis a flush before the crash
            String failure = killAndAwait(target, target.roles().app(), evidence);
            if (failure == null) failure = killAndAwait(target, target.roles().cache().service(), evidence);
            if (failure != null) {
                return CheckResult.failed(this, failure + "; " + String.join("; ", evidence), elapsed(start), failure.split(" ")[0]);
            }
            Optional<Long> after = countTicks(target);
            String got = redis(target, "GET", "stackctl:chaos").strip();
            evidence.add(target.roles().growingTable() + " rows before " + before.get() + ", after " + after.map(String::valueOf).orElse("?"));
            evidence.add("redis key written before the kill reads back " + (got.equals(marker) ? "intact" : "as '" + got + "'"));
            if (after.isEmpty() || after.get() < before.get()) {
                return CheckResult.failed(this, "rows were lost: " + String.join("; ", evidence), elapsed(start), target.roles().database().service());
            }
            if (!got.equals(marker)) {
                return CheckResult.failed(this, "redis lost a key: " + String.join("; ", evidence), elapsed(start), target.roles().cache().service());
            }
            Optional<Long> later = Optional.empty();
            Deadline writes = Deadline.in(Duration.ofSeconds(15));
            do {
                later = countTicks(target);
            } while (later.orElse(0L) <= after.get() && writes.pause(Duration.ofMillis(500)));
            if (later.orElse(0L) <= after.get()) {
                return CheckResult.failed(this, "the backend writes no new rows after recovering: " + String.join("; ", evidence), elapsed(start), target.roles().app());
            }
            evidence.add("writing resumed (" + later.get() + " rows)");
            return CheckResult.passed(this, String.join("; ", evidence), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failed(this, "interrupted", elapsed(start), null);
        }
    }

    /** Null on success; otherwise what went wrong, starting with the service name. */
    private String killAndAwait(StackTarget target, String service, List<String> evidence) throws InterruptedException {
        InspectContainerResponse before = target.inspect(service).orElse(null);
        if (before == null || before.getState().getPid() == null || before.getState().getPid() <= 0) {
            return service + " has no running process to kill";
        }
        long pid = before.getState().getPid();
        int restarts = before.getRestartCount() == null ? 0 : before.getRestartCount();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return service + ": process " + pid + " is not visible from here; --chaos needs the engine on this host and root";
        }
        Instant killed = Instant.now();
        if (!process.get().destroyForcibly()) {
            return service + ": could not send SIGKILL to process " + pid;
        }
        Deadline d = Deadline.in(recovery);
        String last = "";
        do {
            InspectContainerResponse now = target.inspect(service).orElse(null);
            if (now != null) {
                int r = now.getRestartCount() == null ? 0 : now.getRestartCount();
                String health = now.getState().getHealth() == null ? "none" : now.getState().getHealth().getStatus();
                last = now.getState().getStatus() + "/" + health + ", restarts " + r;
                if (r > restarts && Boolean.TRUE.equals(now.getState().getRunning()) && "healthy".equals(health)) {
                    evidence.add(service + ": SIGKILL pid " + pid + ", restarted by the engine (restart count " + restarts + " -> " + r
                            + ", new pid " + now.getState().getPid() + "), healthy again after "
                            + String.format(java.util.Locale.ROOT, "%.1f", Duration.between(killed, Instant.now()).toMillis() / 1000.0) + " s");
                    return null;
                }
            }
        } while (d.pause(Duration.ofMillis(200)));
        return service + " did not return to healthy within " + recovery.toSeconds() + " s after SIGKILL (" + last + ")";
    }

    private static Optional<Long> countTicks(StackTarget target) {
        Map<String, String> env = target.env(target.roles().app());
        String url = env.getOrDefault("DATABASE_URL", "");
        String db = URI.create(url.replaceFirst("^jdbc:", "")).getPath().replaceFirst("^/", "");
        String id = target.inspect(target.roles().database().service()).map(InspectContainerResponse::getId).orElse(null);
        if (id == null) return Optional.empty();
        DockerEngine.ExecResult r = target.engine().exec(id, List.of("psql", "-h", "127.0.0.1", "-U", env.getOrDefault("DATABASE_USER", ""),
                "-d", db, "-w", "-tAc", "select count(*) from " + target.roles().growingTable()),
                Map.of("PGPASSWORD", env.getOrDefault("DATABASE_PASSWORD", "")), Duration.ofSeconds(10));
        try {
            return r.exitCode() == 0 ? Optional.of(Long.parseLong(r.output().strip())) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String redis(StackTarget target, String... args) {
        String id = target.inspect(target.roles().cache().service()).map(InspectContainerResponse::getId).orElse(null);
        if (id == null) return "";
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--no-auth-warning"));
        cmd.addAll(List.of(args));
        return target.engine().exec(id, cmd, Map.of("REDISCLI_AUTH", target.env(target.roles().app()).getOrDefault("REDIS_PASSWORD", "")),
                Duration.ofSeconds(10)).output();
    }

    private static Duration elapsed(Instant start) {
        return Duration.between(start, Instant.now());
    }
}
