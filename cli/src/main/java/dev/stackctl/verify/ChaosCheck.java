package dev.stackctl.verify;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.model.Roles;
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
                Roles.Replicated replicated = target.roles().replicated();
                if (failure == null && replicated != null && target.expectedReplicas(replicated.service()) > 1) {
                    failure = replicaOutage(target, replicated.service(), clients, evidence);
                }
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
            Optional<Long> duplicates = StoreProbe.duplicateTicksSince(target, start.minusSeconds(60));
            evidence.add(target.roles().growingTable() + " rows written twice (same time, symbol, seq, price, volume, side) from a minute before the kills: "
                    + duplicates.map(String::valueOf).orElse("?"));
            if (duplicates.isEmpty() || duplicates.get() > 0) {
                return CheckResult.failed(this, "rows are not exactly once: " + String.join("; ", evidence), elapsed(start), app);
            }
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

    /** Clients through the proxy watching a replica's kill: enough for each replica to hold some (the proxy spreads new connections). */
    private static final int REPLICA_WATCHERS = 9;
    /** What "the other clients see nothing" allows: their connection kept, and no silence longer than this. */
    private static final Duration OTHERS_MAX_SILENCE = Duration.ofSeconds(5);

    /**
     * One replica of {@code service}: the one holding the most WebSocket clients (read from each replica's
     * {@code /metrics} at its container address) is killed; its clients must reconnect through the proxy
     * by themselves (to another replica) and get a snapshot and data again, the other clients must keep
     * their connection and their data, and on every connection the protocol must hold (a snapshot
     * first, seq never going back). Null on success.
     */
    private String replicaOutage(StackTarget target, String service, ClientWatcher clients, List<String> evidence) throws InterruptedException {
        Optional<Integer> proxyPort = target.hostPort(target.roles().proxy().service(), target.roles().proxy().containerPort());
        URI ws = URI.create("ws://127.0.0.1:" + proxyPort.orElseThrow() + target.roles().proxy().webSocketProbePath());
        List<ClientWatcher> watchers = new ArrayList<>(List.of(clients));
        try {
            Instant opened = Instant.now();
            for (int i = 0; i < REPLICA_WATCHERS; i++) {
                watchers.add(new ClientWatcher(ws));
                Thread.sleep(300); // across the proxy's name re-resolutions, so the clients land on several replicas
            }
            Deadline d = Deadline.in(Duration.ofSeconds(10));
            while (!watchers.stream().allMatch(w -> w.receivedAfter(opened))) {
                if (!d.pause(Duration.ofMillis(100))) {
                    return service + ": not every one of " + watchers.size() + " WebSocket clients through the proxy got data within 10 s, before the kill";
                }
            }
            Thread.sleep(500);
            Victim victim = busiestReplica(target, service);
            if (victim == null) {
                return service + ": no replica reports WebSocket clients in its /metrics (read at its container address), so none can be killed under them";
            }
            ServiceKill.Outage o = ServiceKill.killAndAwait(target, service, victim.containerId(), recovery, () -> {});
            if (!o.recovered()) {
                return o.failure();
            }
            Deadline again = Deadline.in(Duration.ofSeconds(10));
            while (watchers.stream().anyMatch(w -> w.brokeAfter(o.killed()) && w.dataAgainAfter(o.killed()) < 0) && again.pause(Duration.ofMillis(100))) {
                // the killed replica's clients reconnect by themselves
            }
            List<ClientWatcher> moved = watchers.stream().filter(w -> w.brokeAfter(o.killed())).toList();
            List<ClientWatcher> stayed = watchers.stream().filter(w -> !w.brokeAfter(o.killed())).toList();
            long worstAgain = moved.stream().mapToLong(w -> w.dataAgainAfter(o.killed())).map(v -> v < 0 ? Long.MAX_VALUE : v).max().orElse(-1);
            long othersSilence = stayed.stream().mapToLong(w -> w.longestSilenceSince(o.killed())).max().orElse(0);
            long gapMin = moved.stream().mapToLong(ClientWatcher::reconnectSeqGap).min().orElse(0);
            long gapMax = moved.stream().mapToLong(ClientWatcher::reconnectSeqGap).max().orElse(0);
            String broken = watchers.stream().map(ClientWatcher::protocolBroken).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            String line = String.format(Locale.ROOT, "%s replica %s (%d WebSocket client(s) per its /metrics): %s; %d of %d clients through the proxy were on it",
                    service, victim.name(), victim.clients(), o.describe().substring(service.length() + 2), moved.size(), watchers.size());
            if (moved.isEmpty()) {
                evidence.add(line);
                return service + ": killing replica " + victim.name() + " broke none of the clients' connections, so no reconnect was shown";
            }
            line += worstAgain == Long.MAX_VALUE ? ", not all of them got data again within 10 s"
                    : String.format(Locale.ROOT, ", each reconnected by itself with a new snapshot and data again at most %.1f s after the kill"
                    + " (the new snapshot's seq %+d to %+d of the last one seen)", worstAgain / 1000.0, gapMin, gapMax);
            line += String.format(Locale.ROOT, "; the other %d kept their connection, longest silence %.1f s", stayed.size(), othersSilence / 1000.0);
            long checked = watchers.stream().mapToLong(ClientWatcher::checked).sum();
            if (broken == null && checked == 0) {
                broken = "no message carried a type and seq the check could read";
            }
            line += broken == null ? "; on every connection a snapshot came first and seq never went back (" + checked + " messages checked)" : "; " + broken;
            evidence.add(line);
            if (worstAgain == Long.MAX_VALUE) {
                return service + ": clients of the killed replica did not get data again through the proxy within 10 s";
            }
            if (othersSilence > OTHERS_MAX_SILENCE.toMillis()) {
                return service + ": clients on the other replicas went without data for longer than " + OTHERS_MAX_SILENCE.toSeconds() + " s";
            }
            return broken == null ? null : service + ": the WebSocket protocol broke around the kill (" + broken + ")";
        } finally {
            for (ClientWatcher w : watchers) {
                if (w != clients) {
                    w.close();
                }
            }
        }
    }

    private record Victim(String containerId, String name, long clients) {
    }

    /** The running replica with the most WebSocket clients, from each one's /metrics at its container address; null when none has any. */
    private static Victim busiestReplica(StackTarget target, String service) {
        Victim best = null;
        for (var c : target.containersByService().getOrDefault(service, List.of())) {
            InspectContainerResponse i = target.engine().tryInspect(c.getId()).orElse(null);
            if (i == null || !Boolean.TRUE.equals(i.getState().getRunning()) || i.getNetworkSettings() == null) {
                continue;
            }
            String port = StackTarget.env(i).getOrDefault("HTTP_PORT", "");
            String ip = i.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                    .filter(a -> a != null && !a.isEmpty()).findFirst().orElse("");
            if (port.isEmpty() || ip.isEmpty()) {
                continue;
            }
            long n = BackendMetrics.read(URI.create("http://" + ip + ":" + port + "/metrics")).map(m -> Math.round(m.sum("tracker_ws_clients"))).orElse(0L);
            String name = i.getConfig() != null && i.getConfig().getHostName() != null ? i.getConfig().getHostName() : c.getId().substring(0, 12);
            if (n > 0 && (best == null || n > best.clients())) {
                best = new Victim(c.getId(), name, n);
            }
        }
        return best;
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

        /** Groups of rows alike in every column the writer sets, from {@code from} on: each one a row written more than once. */
        static Optional<Long> duplicateTicksSince(StackTarget target, Instant from) {
            return query(target, "select count(*) from (select 1 from " + target.roles().growingTable() + " where ts >= to_timestamp("
                    + from.toEpochMilli() + " / 1000.0) group by ts, symbol, seq, price, volume, side, session having count(*) > 1) d");
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
