package vn.stocktracker.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Failover through nginx (issue 12): {@code clients} WebSocket clients of {@code /ws/market} connect
 * through the stack's nginx while a single API replica runs, so that replica holds every one of them.
 * The program then prints {@code READY} and reads one line from standard input: the PID of that
 * replica's main process, given once the other replicas are healthy. It sends SIGKILL to it and, as
 * the app does (reconnect after 500 ms doubling, +-20 % jitter), the clients connect again through
 * nginx, which now resolves the service to the other replicas. Per client: the time from the kill to
 * the first update on its new connection (the text frame after the snapshot). Prints one Markdown row.
 *
 * <p>Arguments: host port clients sourcesFile perSource seconds
 */
public final class Failover {
    private Failover() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: Failover host port clients sourcesFile perSource seconds");
            System.exit(2);
        }
        InetAddress host = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        List<InetAddress> sources = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            if (!line.isBlank()) sources.add(InetAddress.getByName(line.strip()));
        }
        int perSource = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        try (RawWsClients ws = new RawWsClients(host, port, "/ws/market", Integer.MAX_VALUE, sources)) {
            // as browsers do (DEFLATE=0: clients that do not offer permessage-deflate)
            ws.offerDeflate(!"0".equals(System.getenv("DEFLATE")));
            ws.connect(port, "/ws/market", n, 2_000, perSource);
            long settle = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < settle && ws.open(2) < n) {
                Thread.sleep(200);
            }
            int before = ws.open(2);
            ws.reconnecting(new RawWsClients.Reconnect(port, "/ws/market", 500, 15_000, 0.2));
            System.err.println("failover: " + before + " of " + n + " clients receiving updates");
            System.out.println("READY");
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
            long pid = Long.parseLong(line.strip());
            int receivingBeforeKill = ws.receivingSince(System.currentTimeMillis() - 2_000);
            long killed = System.currentTimeMillis();
            ws.mark(killed);
            boolean sent = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
            if (!sent) {
                System.err.println("failover: could not SIGKILL pid " + pid + " (run as root on the engine's host)");
                System.exit(1);
            }
            long end = killed + seconds * 1000L;
            while (System.currentTimeMillis() < end && (broke(ws, n) == 0 || resumed(ws, n) < broke(ws, n))) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            int broke = broke(ws, n);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (ws.brokeAt[i] > 0 && ws.resumedAt[i] > 0) times.add((double) (ws.resumedAt[i] - killed));
            }
            double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, Integer> answers = new TreeMap<>();
            ws.reconnectStatuses.forEach((k, v) -> answers.put(k < 0 ? "no connection" : "HTTP " + k, v.get()));
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %.0f / %.0f / %.0f ms | %d | %s |%n",
                    n, before, receivingBeforeKill, broke, t.length,
                    t.length == 0 ? Double.NaN : Stats.median(t), t.length == 0 ? Double.NaN : Stats.percentile(t, 99),
                    t.length == 0 ? Double.NaN : Stats.percentile(t, 100), ws.reconnects.get(), answers);
            // where the time goes, per resumed client: the kill -> its connection ends -> it connects again (backoff)
            // -> nginx answers 101 -> the snapshot arrives -> the first update
            System.err.println("failover phases (ms, p50 / p99 / max over resumed clients):");
            phase("kill -> connection ended", ws.brokeAt, null, killed, ws, n);
            phase("ended -> connected again", ws.reopenedAt, ws.brokeAt, 0, ws, n);
            phase("connected -> HTTP 101", ws.upgradedAt, ws.reopenedAt, 0, ws, n);
            phase("101 -> snapshot", ws.snapshotAt, ws.upgradedAt, 0, ws, n);
            phase("snapshot -> first update", ws.resumedAt, ws.snapshotAt, 0, ws, n);
        }
    }

    /** Prints the spread of {@code to[i] - from[i]} (or {@code to[i] - origin}) over the clients that resumed. */
    private static void phase(String name, long[] to, long[] from, long origin, RawWsClients ws, int n) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = from == null ? origin : from[i];
            if (ws.resumedAt[i] > 0 && ws.brokeAt[i] > 0 && to[i] > 0 && start > 0) d.add((double) (to[i] - start));
        }
        double[] t = d.stream().mapToDouble(Double::doubleValue).toArray();
        System.err.printf(Locale.ROOT, "  %-28s %s%n", name, t.length == 0 ? "no data"
                : String.format(Locale.ROOT, "%.0f / %.0f / %.0f (%d clients)", Stats.median(t), Stats.percentile(t, 99), Stats.percentile(t, 100), t.length));
    }

    private static int broke(RawWsClients ws, int n) {
        int b = 0;
        for (int i = 0; i < n; i++) if (ws.brokeAt[i] > 0) b++;
        return b;
    }

    private static int resumed(RawWsClients ws, int n) {
        int r = 0;
        for (int i = 0; i < n; i++) if (ws.brokeAt[i] > 0 && ws.resumedAt[i] > 0) r++;
        return r;
    }
}
