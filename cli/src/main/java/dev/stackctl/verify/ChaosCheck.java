package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stackctl.engine.DockerEngine;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Criterion 6 ({@code --chaos}): SIGKILL the main process of each of the four services in turn (the
 * application, the cache, the database, the proxy; {@link ServiceKill}) and prove each comes back to
 * healthy by itself with nothing lost silently. Per service the report says how long it took, what a
 * WebSocket client through the proxy saw ({@link ClientWatcher}) and, from the application's
 * {@code /metrics} ({@link BackendMetrics}) and the growing table: for the application, the rows in
 * flight at the kill (accepted, not yet committed: lost with the process); for the database, that
 * every committed row survived crash recovery and what became of the rows produced while it was away
 * (written later, counted as dropped, or missing). At the end: rows written before the kills are still
 * there, a Redis key written before them reads back, and the application writes new rows.
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
        String app = target.roles().app();
        try {
            Optional<Long> before = StoreProbe.countTicks(target);
            if (before.isEmpty() || before.get() == 0) {
                return CheckResult.failed(this, "the backend has written no rows to " + target.roles().growingTable()
                        + " yet, so data loss cannot be measured (" + before.map(String::valueOf).orElse("query failed") + ")", elapsed(start), app);
            }
            Optional<Integer> proxyPort = target.hostPort(target.roles().proxy().service(), target.roles().proxy().containerPort());
            if (proxyPort.isEmpty()) {
                return CheckResult.failed(this, "the proxy publishes no host port, so no client can watch the outages", elapsed(start), target.roles().proxy().service());
            }
            String marker = "chaos-" + Long.toHexString(System.nanoTime());
            StoreProbe.redis(target, "SET", "stackctl:chaos", marker);
            Thread.sleep(1500); // appendfsync everysec: give Redis a flush before the crash
            try (ClientWatcher clients = new ClientWatcher(URI.create("ws://127.0.0.1:" + proxyPort.get() + target.roles().proxy().webSocketProbePath()))) {
                if (!awaitData(clients, start, Duration.ofSeconds(10))) {
                    return CheckResult.failed(this, "a WebSocket client through the proxy got no message within 10 s, before any kill", elapsed(start),
                            target.roles().proxy().service());
                }
                String failure = applicationOutage(target, clients, evidence);
                if (failure == null) failure = plainOutage(target, target.roles().cache().service(), clients, evidence);
                if (failure == null) failure = databaseOutage(target, clients, evidence);
                if (failure == null) failure = plainOutage(target, target.roles().proxy().service(), clients, evidence);
                if (failure != null) {
                    return CheckResult.failed(this, failure + "; " + String.join("; ", evidence), elapsed(start), failure.split("[ :]")[0]);
                }
            }
            Optional<Long> after = StoreProbe.countTicks(target);
            String got = StoreProbe.redis(target, "GET", "stackctl:chaos").strip();
            evidence.add(target.roles().growingTable() + " rows before the kills " + before.get() + ", after " + after.map(String::valueOf).orElse("?"));
            evidence.add("redis key written before the kill reads back " + (got.equals(marker) ? "intact" : "as '" + got + "'"));
            if (after.isEmpty() || after.get() < before.get()) {
                return CheckResult.failed(this, "rows were lost: " + String.join("; ", evidence), elapsed(start), target.roles().database().service());
            }
            if (!got.equals(marker)) {
                return CheckResult.failed(this, "redis lost a key: " + String.join("; ", evidence), elapsed(start), target.roles().cache().service());
            }
            Optional<Long> later;
            Deadline writes = Deadline.in(Duration.ofSeconds(15));
            do {
                later = StoreProbe.countTicks(target);
            } while (later.orElse(0L) <= after.get() && writes.pause(Duration.ofMillis(500)));
            if (later.orElse(0L) <= after.get()) {
                return CheckResult.failed(this, "the backend writes no new rows after recovering: " + String.join("; ", evidence), elapsed(start), app);
            }
            evidence.add("writing resumed (" + later.get() + " rows)");
            return CheckResult.passed(this, String.join("; ", evidence), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failed(this, "interrupted", elapsed(start), null);
        }
    }

    /** A kill whose report is the time to healthy and what clients saw; null on success. */
    private String plainOutage(StackTarget target, String service, ClientWatcher clients, List<String> evidence) throws InterruptedException {
        ServiceKill.Outage o = ServiceKill.killAndAwait(target, service, recovery, () -> {});
        return report(o, clients, evidence, "");
    }

    /**
     * The application: its uncommitted rows are read every 200 ms for 3 s and once more just before
     * the signal; those rows are lost with the process (the in-flight window).
     */
    private String applicationOutage(StackTarget target, ClientWatcher clients, List<String> evidence) throws InterruptedException {
        List<BackendMetrics> samples = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            BackendMetrics.read(target).ifPresent(samples::add);
            Thread.sleep(200);
        }
        BackendMetrics[] last = new BackendMetrics[1];
        ServiceKill.Outage o = ServiceKill.killAndAwait(target, target.roles().app(), recovery,
                () -> last[0] = BackendMetrics.read(target).orElse(null));
        String inFlight = "";
        if (last[0] != null && !samples.isEmpty()) {
            BackendMetrics first = samples.getFirst();
            double seconds = Duration.between(first.at(), last[0].at()).toMillis() / 1000.0;
            long rate = seconds > 0 ? Math.round((last[0].get(BackendMetrics.TICKS_ACCEPTED) - first.get(BackendMetrics.TICKS_ACCEPTED)) / seconds) : 0;
            long max = samples.stream().mapToLong(m -> m.count(BackendMetrics.UNCOMMITTED)).max().orElse(0);
            inFlight = String.format(Locale.ROOT, "; in flight at the kill (accepted, not committed, lost with the process): %d row(s), read %d ms before the signal; at most %d in the 3 s before, at %d ticks/s",
                    last[0].count(BackendMetrics.UNCOMMITTED), Duration.between(last[0].at(), o.killed()).toMillis(), Math.max(max, last[0].count(BackendMetrics.UNCOMMITTED)), rate);
        } else if (o.recovered()) {
            inFlight = "; in flight at the kill: unknown (the backend's /metrics did not answer)";
        }
        return report(o, clients, evidence, inFlight);
    }

    /**
     * The database: every committed row must survive crash recovery, and the rows produced while it was
     * away are compared with what is in the table once the application has written its backlog.
     */
    private String databaseOutage(StackTarget target, ClientWatcher clients, List<String> evidence) throws InterruptedException {
        String db = target.roles().database().service();
        Optional<Long> committed = StoreProbe.countTicks(target);
        BackendMetrics[] atKill = new BackendMetrics[1];
        ServiceKill.Outage o = ServiceKill.killAndAwait(target, db, recovery, () -> atKill[0] = BackendMetrics.read(target).orElse(null));
        if (!o.recovered()) {
            return report(o, clients, evidence, "");
        }
        Optional<BackendMetrics> atHealthy = BackendMetrics.read(target);
        // the backlog is written once the uncommitted rows are back to their level before the kill
        Optional<BackendMetrics> drained = Optional.empty();
        Deadline d = Deadline.in(Duration.ofSeconds(30));
        do {
            Optional<BackendMetrics> m = BackendMetrics.read(target);
            if (m.isPresent() && atHealthy.isPresent() && atKill[0] != null
                    && m.get().get(BackendMetrics.TICKS_WRITTEN) > atHealthy.get().get(BackendMetrics.TICKS_WRITTEN)
                    && m.get().count(BackendMetrics.UNCOMMITTED) <= Math.max(200, 2 * atKill[0].count(BackendMetrics.UNCOMMITTED))) {
                drained = m;
            }
        } while (drained.isEmpty() && d.pause(Duration.ofMillis(250)));
        Optional<Long> after = StoreProbe.countTicks(target);
        StringBuilder sb = new StringBuilder();
        String id = target.inspect(db).map(InspectContainerResponse::getId).orElse(null);
        if (id != null && target.engine().logsTail(id, 300).contains("automatic recovery in progress")) {
            sb.append(" (crash recovery ran)");
        }
        sb.append("; ").append(target.roles().growingTable()).append(" committed before the kill ").append(committed.map(String::valueOf).orElse("?"))
                .append(", after ").append(after.map(String::valueOf).orElse("?"));
        if (committed.isEmpty() || after.isEmpty() || after.get() < committed.get()) {
            evidence.add(o.describe() + sb);
            return db + ": committed rows were lost in the crash";
        }
        if (atKill[0] == null || atHealthy.isEmpty() || drained.isEmpty()) {
            evidence.add(o.describe() + sb);
            return db + ": the backend did not write its backlog within 30 s of the database being healthy (or its /metrics did not answer)";
        }
        BackendMetrics k = atKill[0];
        BackendMetrics h = atHealthy.get();
        long accepted = h.count(BackendMetrics.TICKS_ACCEPTED) - k.count(BackendMetrics.TICKS_ACCEPTED);
        long inTable = StoreProbe.countTicksBetween(target, k.at(), h.at()).orElse(-1L);
        long dropped = drained.get().count(BackendMetrics.QUEUE_DROPPED) - k.count(BackendMetrics.QUEUE_DROPPED)
                + drained.get().count(BackendMetrics.EVENTS_DROPPED) - k.count(BackendMetrics.EVENTS_DROPPED);
        long missing = Math.max(0, accepted - inTable); // more in the table than counted: the window's edges, read over HTTP
        sb.append(String.format(Locale.ROOT, "; while it was away (%.1f s) the backend accepted %d tick rows; in the table now with a time in that window: %d"
                        + " (written %.1f s after healthy), %d rows dropped and counted, %d missing",
                Duration.between(k.at(), h.at()).toMillis() / 1000.0, accepted, inTable, Duration.between(h.at(), drained.get().at()).toMillis() / 1000.0,
                dropped, missing));
        // a row's time is when the source stamped it, a few ms before it was accepted: allow that much at the two edges
        long edge = Math.max(20, accepted / 100);
        if (inTable < 0 || missing - dropped > edge) {
            evidence.add(o.describe() + sb);
            return db + ": rows produced during the outage are missing and not counted as dropped";
        }
        return report(o, clients, evidence, sb.toString());
    }

    /** Adds the outage's line; waits (10 s at most) for the client to have data again. Null on success. */
    private static String report(ServiceKill.Outage o, ClientWatcher clients, List<String> evidence, String more) throws InterruptedException {
        if (!o.recovered()) {
            return o.failure();
        }
        boolean data = awaitData(clients, o.healthy(), Duration.ofSeconds(10));
        evidence.add(o.describe() + more + "; " + clients.seenSince(o.killed()));
        return data ? null : o.service() + ": a WebSocket client through the proxy got no message within 10 s of it being healthy again";
    }

    private static boolean awaitData(ClientWatcher clients, Instant after, Duration within) throws InterruptedException {
        Deadline d = Deadline.in(within);
        while (!clients.receivedAfter(after)) {
            if (!d.pause(Duration.ofMillis(100))) return false;
        }
        return true;
    }

    private static Duration elapsed(Instant start) {
        return Duration.between(start, Instant.now());
    }

    /** The growing table and the cache, read inside their containers with the application's credentials. */
    static final class StoreProbe {
        private StoreProbe() {}

        static Optional<Long> countTicks(StackTarget target) {
            return query(target, "select count(*) from " + target.roles().growingTable());
        }

        /** Rows whose {@code ts} lies in [from, to). */
        static Optional<Long> countTicksBetween(StackTarget target, Instant from, Instant to) {
            return query(target, "select count(*) from " + target.roles().growingTable() + " where ts >= to_timestamp(" + from.toEpochMilli()
                    + " / 1000.0) and ts < to_timestamp(" + to.toEpochMilli() + " / 1000.0)");
        }

        private static Optional<Long> query(StackTarget target, String sql) {
            Map<String, String> env = target.env(target.roles().app());
            String url = env.getOrDefault("DATABASE_URL", "");
            String db = URI.create(url.replaceFirst("^jdbc:", "")).getPath().replaceFirst("^/", "");
            String id = target.inspect(target.roles().database().service()).map(InspectContainerResponse::getId).orElse(null);
            if (id == null) return Optional.empty();
            DockerEngine.ExecResult r = target.engine().exec(id, List.of("psql", "-h", "127.0.0.1", "-U", env.getOrDefault("DATABASE_USER", ""),
                    "-d", db, "-w", "-tAc", sql), Map.of("PGPASSWORD", env.getOrDefault("DATABASE_PASSWORD", "")), Duration.ofSeconds(10));
            try {
                return r.exitCode() == 0 ? Optional.of(Long.parseLong(r.output().strip())) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        static String redis(StackTarget target, String... args) {
            String id = target.inspect(target.roles().cache().service()).map(InspectContainerResponse::getId).orElse(null);
            if (id == null) return "";
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--no-auth-warning"));
            cmd.addAll(List.of(args));
            return target.engine().exec(id, cmd, Map.of("REDISCLI_AUTH", target.env(target.roles().app()).getOrDefault("REDIS_PASSWORD", "")),
                    Duration.ofSeconds(10)).output();
        }
    }
}
