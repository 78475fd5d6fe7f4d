package vn.stocktracker.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The front door under load (issue 14): steps of N WebSocket clients of {@code /ws/market} through
 * the stack's nginx (its container address, not the engine's published port), each step
 * {@code seconds} long, one after the other in one run, so that the first step is the same-run
 * baseline of the others. Clients come from many source addresses (given, {@code perSource} each), so
 * the limits per address apply as they would to real users. Per step it prints one Markdown row:
 * clients connected with their snapshot, receiving updates at the end, refused (HTTP status or close
 * code), row age at the client p50/p99 (now minus the row's "ts", sampled clients), messages and
 * bytes per second at the clients, bytes per second out of nginx (its network interface), and memory
 * (RSS and cgroup usage, the figure the memory limit applies to) and CPU of nginx and the backend
 * (their cgroups), with the backend's refused and dropped counters. Bounded: it stops by itself
 * after the last step.
 *
 * <p>Arguments: host port steps(comma-separated) seconds sourcesFile perSource backendMetricsUrl
 * nginxContainerId backendContainerId nginxPid
 */
public final class FrontDoorLoad {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FrontDoorLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: FrontDoorLoad host port steps seconds sourcesFile perSource metricsUrl nginxContainer backendContainer nginxPid");
            System.exit(2);
        }
        InetAddress host = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[3]);
        List<InetAddress> sources = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[4]))) {
            if (!line.isBlank()) sources.add(InetAddress.getByName(line.strip()));
        }
        int perSource = Integer.parseInt(args[5]);
        String metricsUrl = args[6];
        Container nginx = new Container("nginx", args[7]);
        // a scaled stack's API replicas: comma-separated, summed (as are their metrics URLs)
        Containers backend = new Containers(java.util.Arrays.stream(args[8].split(",")).map(id -> new Container("backend", id)).toList());
        Path nginxNetDev = Path.of("/proc", args[9], "net", "dev");
        System.out.println("| clients | connected (snapshot) | receiving at the end | refused | row age p50 / p99 | messages/s | client MB/s"
                + " | nginx out MB/s | nginx RSS / cgroup MB | nginx CPU | backend RSS / cgroup MB | backend CPU | backend refused / dropped |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String step : args[2].split(",")) {
            // "2000d": the clients offer permessage-deflate as browsers do; "2000": they do not
            String st = step.strip();
            boolean deflate = st.endsWith("d");
            int n = Integer.parseInt(deflate ? st.substring(0, st.length() - 1) : st);
            System.out.println(run(host, port, n, deflate, seconds, sources, perSource, metricsUrl, nginx, backend, nginxNetDev));
            Thread.sleep(5_000); // the servers close the last step's sockets
        }
        System.out.println();
        System.out.println("environment: " + Stats.env());
    }

    private static String run(InetAddress host, int port, int n, boolean deflate, int seconds, List<InetAddress> sources, int perSource, String metricsUrl,
                              Container nginx, Containers backend, Path nginxNetDev) throws Exception {
        Map<String, Double> m0 = metrics(metricsUrl);
        int sampleEvery = Math.max(1, n / 200); // about 200 sampled clients whatever the step
        try (RawWsClients ws = new RawWsClients(host, port, "/ws/market", sampleEvery, sources)) {
            ws.offerDeflate(deflate);
            long t0 = System.currentTimeMillis();
            ws.connect(port, "/ws/market", n, 2_000, perSource);
            // every client has its answer (snapshot, refusal or close), or 30 s passed
            long settle = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < settle && ws.open(1) + refused(ws) < n) {
                Thread.sleep(200);
            }
            Thread.sleep(3_000);
            long measureMs = Math.max(10_000, seconds * 1000L - (System.currentTimeMillis() - t0));
            Sample a = new Sample(nginx, backend, nginxNetDev);
            ws.measuring = true;
            double nginxRss = 0, nginxUsage = 0, backendRss = 0, backendUsage = 0;
            long end = System.currentTimeMillis() + measureMs;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(2_000, Math.max(1, end - System.currentTimeMillis())));
                nginxRss = Math.max(nginxRss, nginx.rssMb());
                nginxUsage = Math.max(nginxUsage, nginx.usageMb());
                backendRss = Math.max(backendRss, backend.rssMb());
                backendUsage = Math.max(backendUsage, backend.usageMb());
            }
            ws.measuring = false;
            Sample b = new Sample(nginx, backend, nginxNetDev);
            double s = (b.wallNanos - a.wallNanos) / 1e9;
            int receiving = ws.receivingSince(System.currentTimeMillis() - 5_000);
            int count = Math.min(ws.sampleCount.get(), ws.samples.length);
            double[] age = new double[count];
            for (int i = 0; i < count; i++) age[i] = ws.samples[i];
            Map<String, Double> m1 = metrics(metricsUrl);
            return String.format(Locale.ROOT, "| %s | %d | %d | %s | %.0f / %.0f ms | %.0f | %.1f | %.1f | %.0f / %.0f | %.0f%% | %.0f / %.0f | %.0f%% | %.0f / %.0f |",
                    n + (deflate ? " (deflate)" : ""), ws.open(1), receiving, refusals(ws), Stats.median(age), Stats.percentile(age, 99),
                    ws.messages.get() / s, ws.bytes.get() / s / 1e6, (b.nginxTx - a.nginxTx) / s / 1e6,
                    nginxRss, nginxUsage, 100.0 * (b.nginxCpu - a.nginxCpu) / (b.wallNanos - a.wallNanos),
                    backendRss, backendUsage, 100.0 * (b.backendCpu - a.backendCpu) / (b.wallNanos - a.wallNanos),
                    delta(m0, m1, "tracker_ws_refused_total"), delta(m0, m1, "tracker_ws_dropped_clients_total"));
        }
    }

    private static int refused(RawWsClients ws) {
        int r = 0;
        for (Map.Entry<Integer, java.util.concurrent.atomic.AtomicInteger> e : ws.statuses.entrySet()) {
            if (e.getKey() != 101) r += e.getValue().get();
        }
        for (java.util.concurrent.atomic.AtomicInteger c : ws.closes.values()) r += c.get();
        return r;
    }

    /** "0", or e.g. "9000 (close 1013)", "12 (HTTP 429)". */
    private static String refusals(RawWsClients ws) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(ws.statuses).forEach((k, v) -> {
            if (k != 101) parts.add(v.get() + " (HTTP " + k + ")");
        });
        new TreeMap<>(ws.closes).forEach((k, v) -> parts.add(v.get() + (k < 0 ? " (connection lost)" : " (close " + k + ")")));
        return parts.isEmpty() ? "0" : String.join(", ", parts);
    }

    private static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
        return b.getOrDefault(name, 0.0) - a.getOrDefault(name, 0.0);
    }

    /** The metrics of every comma-separated URL, summed. */
    private static Map<String, Double> metrics(String urls) {
        Map<String, Double> out = new TreeMap<>();
        for (String url : urls.split(",")) {
            metrics(url, out);
        }
        return out;
    }

    private static void metrics(String url, Map<String, Double> out) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) continue;
                int sp = line.lastIndexOf(' ');
                try {
                    out.merge(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)), Double::sum);
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not a sample
                }
            }
        } catch (IOException e) {
            // counted as zeros
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU and network counters at one instant. */
    private static final class Sample {
        final long wallNanos = System.nanoTime();
        final long nginxCpu;
        final long backendCpu;
        final long nginxTx;

        Sample(Container nginx, Containers backend, Path nginxNetDev) throws IOException {
            nginxCpu = nginx.cpuNanos();
            backendCpu = backend.cpuNanos();
            nginxTx = txBytes(nginxNetDev);
        }

        /** Bytes sent by the container's eth0 (its network namespace, read through one of its processes). */
        private static long txBytes(Path netDev) throws IOException {
            for (String line : Files.readAllLines(netDev)) {
                String t = line.strip();
                if (t.startsWith("eth0:")) {
                    String[] f = t.substring(5).strip().split("\\s+");
                    return Long.parseLong(f[8]);
                }
            }
            throw new IOException("no eth0 in " + netDev);
        }
    }

    /** Several containers (a service's replicas) as one: their figures summed. */
    private record Containers(List<Container> all) {
        long cpuNanos() throws IOException {
            long t = 0;
            for (Container c : all) t += c.cpuNanos();
            return t;
        }

        double usageMb() throws IOException {
            double t = 0;
            for (Container c : all) t += c.usageMb();
            return t;
        }

        double rssMb() throws IOException {
            double t = 0;
            for (Container c : all) t += c.rssMb();
            return t;
        }
    }

    /** A container's cgroup (v1, cgroupfs driver): CPU time, RSS and the usage the memory limit applies to. */
    private record Container(String name, String id) {
        long cpuNanos() throws IOException {
            return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/cpuacct/docker", id, "cpuacct.usage")).strip());
        }

        double usageMb() throws IOException {
            return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory/docker", id, "memory.usage_in_bytes")).strip()) / 1048576.0;
        }

        double rssMb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/sys/fs/cgroup/memory/docker", id, "memory.stat"))) {
                if (line.startsWith("total_rss ")) return Long.parseLong(line.substring(10).strip()) / 1048576.0;
            }
            return 0;
        }
    }
}
