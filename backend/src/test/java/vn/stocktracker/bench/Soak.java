package vn.stocktracker.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak (issue 14): the stack for {@code minutes} minutes under {@code clients} WebSocket clients
 * of {@code /ws/market} through nginx's container address (from many source addresses, reconnecting
 * as the app does) and a REST loop through nginx over the paths the app reads, spread over a few other
 * source addresses so that nginx's per-address request limit is not what is measured. Right after
 * the clients are connected (minute 0) and then every minute it appends one CSV row: clients open and
 * receiving, REST answers (2xx, other status, timeout or I/O error), WebSocket connections lost and
 * refused, ERROR lines in the backend's log and error-level lines in nginx's error log, the
 * database's size, Redis's used_memory, and per container its cgroup's memory usage (what the limit
 * applies to), RSS, working set (usage minus inactive file cache, what {@code docker stats} shows),
 * restart count and OOM-killed flag. Counters are per minute (since the previous row). Bounded: it
 * stops by itself after the last row.
 *
 * <p>Arguments: host port minutes clients restPerSecond wsSourcesFile perSource restSourcesFile csvOut
 * containers ("name=id,name=id,...": the backend's name must be "backend", nginx's "nginx", the
 * database's "timescaledb", Redis's "redis").
 */
public final class Soak {
    private static final List<String> STATIC_PATHS = List.of(
            "/api/symbols", "/api/market/snapshot", "/api/market/foreign", "/api/market/volume-stats",
            "/api/market/derivatives", "/api/market/sparklines", "/api/alerts?limit=100", "/health");
    private static final Pattern VN30 = Pattern.compile("\"vn30\":\\[([^\\]]*)]");

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: Soak host port minutes clients restPerSecond wsSourcesFile perSource restSourcesFile csvOut name=id,...");
            System.exit(2);
        }
        InetAddress host = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        int minutes = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int restPerSecond = Integer.parseInt(args[4]);
        List<InetAddress> wsSources = addresses(Path.of(args[5]));
        int perSource = Integer.parseInt(args[6]);
        List<InetAddress> restSources = addresses(Path.of(args[7]));
        Path csv = Path.of(args[8]);
        Map<String, String> containers = new LinkedHashMap<>();
        for (String kv : args[9].split(",")) {
            int eq = kv.indexOf('=');
            containers.put(kv.substring(0, eq), kv.substring(eq + 1));
        }

        Rest rest = new Rest(host, port, restSources);
        List<String> paths = rest.paths();
        try (RawWsClients ws = new RawWsClients(host, port, "/ws/market", Math.max(1, clients / 100), wsSources);
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            // the app's reconnect (frontend/src/ws.ts): 500 ms doubling up to 15 s, +-20 %
            ws.reconnecting(new RawWsClients.Reconnect(port, "/ws/market", 500, 15_000, 0.2));
            // offered as browsers do (the server compresses each message once for all clients that took it)
            ws.offerDeflate(true);
            String ext;
            try {
                ext = extensions(host, port, restSources.isEmpty() ? null : restSources.get(0));
            } catch (IOException e) {
                ext = "no answer (" + e + ")";
            }
            System.err.println("extensions: " + ext);
            ws.connect(port, "/ws/market", clients, 200, perSource);
            long settle = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < settle && ws.open(1) < clients) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);
            Sampler sampler = new Sampler(containers);
            List<String> header = new ArrayList<>(List.of("minute", "utc", "clients_open", "clients_receiving", "rest_2xx", "rest_other_status",
                    "rest_failed", "ws_lost", "ws_refused", "backend_error_lines", "nginx_error_lines", "db_mb", "redis_used_mb"));
            for (String name : containers.keySet()) {
                header.addAll(List.of(name + "_usage_mb", name + "_rss_mb", name + "_ws_mb", name + "_restarts", name + "_oom"));
            }
            out.println(String.join(",", header));
            out.println(sampler.row(0, ws, rest));
            out.flush();

            ExecutorService loop = Executors.newVirtualThreadPerTaskExecutor();
            var ticker = Executors.newSingleThreadScheduledExecutor();
            AtomicLong seq = new AtomicLong();
            ticker.scheduleAtFixedRate(() -> {
                long i = seq.getAndIncrement();
                loop.submit(() -> rest.get(paths.get((int) (i % paths.size())), (int) (i % Math.max(1, restSources.size()))));
            }, 0, 1_000_000L / restPerSecond, TimeUnit.MICROSECONDS);

            long t0 = System.currentTimeMillis();
            for (int m = 1; m <= minutes; m++) {
                long wait = t0 + m * 60_000L - System.currentTimeMillis();
                if (wait > 0) Thread.sleep(wait);
                String row = sampler.row(m, ws, rest);
                out.println(row);
                out.flush();
                System.out.println(row);
            }
            ticker.shutdownNow();
            loop.shutdown();
            loop.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The Sec-WebSocket-Extensions header of one handshake that offers permessage-deflate as the clients do ("none": not taken). */
    private static String extensions(InetAddress host, int port, InetAddress source) throws IOException {
        try (Socket s = new Socket()) {
            if (source != null) s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET /ws/market HTTP/1.1\r\nHost: " + host.getHostAddress() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            InputStream in = s.getInputStream();
            for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) head.append((char) b);
            String status = head.length() > 12 ? head.substring(9, 12) : "?";
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions:")) return "HTTP " + status + ", " + line.substring(25).strip();
            }
            return "HTTP " + status + ", none";
        }
    }

    private static List<InetAddress> addresses(Path file) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) out.add(InetAddress.getByName(line.strip()));
        }
        return out;
    }

    /** GET requests through nginx over plain sockets (bound to a source address), one per connection. */
    static final class Rest {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong otherStatus = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        /** Status (or "timeout", "io") and path of the first few failures, for the notes. */
        final List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final InetAddress host;
        private final int port;
        private final List<InetAddress> sources;

        Rest(InetAddress host, int port, List<InetAddress> sources) {
            this.host = host;
            this.port = port;
            this.sources = sources;
        }

        /** The static paths, then candles (1m, 5m, 1h) and ticks of a few VN30 stocks named by /api/symbols. */
        List<String> paths() throws IOException {
            String body = fetch("/api/symbols", 0).body;
            Matcher m = VN30.matcher(body);
            if (!m.find()) throw new IOException("no vn30 list in /api/symbols: " + body.substring(0, Math.min(200, body.length())));
            List<String> symbols = new ArrayList<>();
            for (String s : m.group(1).split(",")) symbols.add(s.replace("\"", "").strip());
            List<String> out = new ArrayList<>(STATIC_PATHS);
            String[] intervals = {"1m", "5m", "1h"};
            for (int i = 0; i < 6 && i < symbols.size(); i++) {
                String s = symbols.get(i * Math.max(1, symbols.size() / 6) % symbols.size());
                out.add("/api/history/" + s + "/candles?interval=" + intervals[i % intervals.length]);
                if (i % 2 == 0) out.add("/api/history/" + s + "/ticks?limit=200");
            }
            return List.copyOf(out);
        }

        void get(String path, int source) {
            try {
                Answer a = fetch(path, source);
                if (a.status >= 200 && a.status < 300) {
                    ok.incrementAndGet();
                } else {
                    otherStatus.incrementAndGet();
                    note(a.status + " " + path);
                }
            } catch (SocketTimeoutException e) {
                failed.incrementAndGet();
                note("timeout " + path);
            } catch (IOException e) {
                failed.incrementAndGet();
                note("io " + e.getMessage() + " " + path);
            }
        }

        private void note(String s) {
            if (firstFailures.size() < 20) firstFailures.add(java.time.Instant.now() + " " + s);
        }

        record Answer(int status, String body) {
        }

        Answer fetch(String path, int source) throws IOException {
            try (Socket s = new Socket()) {
                if (!sources.isEmpty()) s.bind(new InetSocketAddress(sources.get(source % sources.size()), 0));
                s.connect(new InetSocketAddress(host, port), 5_000);
                s.setSoTimeout(10_000);
                OutputStream o = s.getOutputStream();
                o.write(("GET " + path + " HTTP/1.1\r\nHost: " + host.getHostAddress() + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                o.flush();
                InputStream in = s.getInputStream();
                byte[] all = in.readAllBytes();
                String text = new String(all, StandardCharsets.ISO_8859_1);
                if (text.length() < 12 || !text.startsWith("HTTP/1.")) throw new IOException("no HTTP answer");
                int status = Integer.parseInt(text.substring(9, 12));
                int b = text.indexOf("\r\n\r\n");
                return new Answer(status, b < 0 ? "" : text.substring(b + 4));
            }
        }
    }

    /** The figures of one row: counters since the previous row, levels now. */
    static final class Sampler {
        private final Map<String, String> containers;
        private long lastOk, lastOther, lastFailed, lastLost, lastRefused, lastBackendErrors, lastNginxErrors;
        private final AtomicInteger rows = new AtomicInteger();

        Sampler(Map<String, String> containers) throws IOException, InterruptedException {
            this.containers = containers;
            // log lines before the load (start-up) are not counted
            lastBackendErrors = backendErrors();
            lastNginxErrors = nginxErrors();
        }

        String row(int minute, RawWsClients ws, Rest rest) throws IOException, InterruptedException {
            long now = System.currentTimeMillis();
            long ok = rest.ok.get(), other = rest.otherStatus.get(), failed = rest.failed.get();
            long lost = 0, refused = 0;
            for (var e : ws.closes.entrySet()) lost += e.getValue().get();
            for (var e : ws.statuses.entrySet()) if (e.getKey() != 101) refused += e.getValue().get();
            for (var e : ws.reconnectStatuses.entrySet()) if (e.getKey() != 101) refused += e.getValue().get();
            long be = backendErrors(), ne = nginxErrors();
            StringBuilder r = new StringBuilder();
            r.append(minute).append(',').append(java.time.Instant.ofEpochMilli(now).toString(), 11, 19).append(',')
                    .append(ws.open(1)).append(',').append(ws.receivingSince(now - 10_000)).append(',')
                    .append(ok - lastOk).append(',').append(other - lastOther).append(',').append(failed - lastFailed).append(',')
                    .append(lost - lastLost).append(',').append(refused - lastRefused).append(',')
                    .append(be - lastBackendErrors).append(',').append(ne - lastNginxErrors).append(',')
                    .append(fmt(dbBytes() / 1048576.0)).append(',').append(fmt(redisUsed() / 1048576.0));
            lastOk = ok;
            lastOther = other;
            lastFailed = failed;
            lastLost = lost;
            lastRefused = refused;
            lastBackendErrors = be;
            lastNginxErrors = ne;
            for (Map.Entry<String, String> c : containers.entrySet()) {
                Path cg = Path.of("/sys/fs/cgroup/memory/docker", c.getValue());
                long usage = Long.parseLong(Files.readString(cg.resolve("memory.usage_in_bytes")).strip());
                Map<String, Long> stat = new LinkedHashMap<>();
                for (String line : Files.readAllLines(cg.resolve("memory.stat"))) {
                    int sp = line.indexOf(' ');
                    stat.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).strip()));
                }
                long rss = stat.getOrDefault("total_rss", 0L);
                long ws2 = usage - stat.getOrDefault("total_inactive_file", 0L);
                String[] state = docker("inspect", "-f", "{{.RestartCount}} {{.State.OOMKilled}}", c.getValue()).strip().split(" ");
                r.append(',').append(fmt(usage / 1048576.0)).append(',').append(fmt(rss / 1048576.0)).append(',').append(fmt(ws2 / 1048576.0))
                        .append(',').append(state[0]).append(',').append("true".equals(state[1]) ? 1 : 0);
            }
            rows.incrementAndGet();
            if (!rest.firstFailures.isEmpty()) {
                synchronized (rest.firstFailures) {
                    for (String f : rest.firstFailures) System.err.println("rest failure: " + f);
                    rest.firstFailures.clear();
                }
            }
            return r.toString();
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }

        private long backendErrors() throws IOException, InterruptedException {
            return count(docker("logs", containers.get("backend")), Pattern.compile("^\\S+ ERROR "), "backend");
        }

        private long nginxErrors() throws IOException, InterruptedException {
            return count(dockerStderr("logs", containers.get("nginx")), Pattern.compile("\\[(error|crit|alert|emerg)]"), "nginx");
        }

        private long count(String log, Pattern p, String who) {
            long n = 0;
            for (String line : log.split("\n")) {
                if (p.matcher(line).find()) {
                    n++;
                }
            }
            return n;
        }

        private long dbBytes() throws IOException, InterruptedException {
            String out = docker("exec", containers.get("timescaledb"), "sh", "-c",
                    "psql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'select pg_database_size(current_database())'").strip();
            return out.matches("\\d+") ? Long.parseLong(out) : -1;
        }

        private long redisUsed() throws IOException, InterruptedException {
            String out = docker("exec", containers.get("redis"), "sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" exec redis-cli INFO memory");
            for (String line : out.split("\r?\n")) {
                if (line.startsWith("used_memory:")) return Long.parseLong(line.substring(12).strip());
            }
            return -1;
        }

        /** A docker command's stdout and stderr together. */
        private static String docker(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        }

        /** A docker command's stderr only (nginx writes its error log there, its access log to stdout). */
        private static String dockerStderr(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        }
    }
}
