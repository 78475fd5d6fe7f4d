package vn.stocktracker.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the packaged backend jar as a separate process for the benchmarks. */
final class Backend implements AutoCloseable {
    /**
     * The JVM flags of the Dockerfile, with the heap fixed as 60 % of the 512M container limit; the
     * class-data archive lives in the temp directory like the container's /tmp one (written at the
     * first clean exit, used by later starts).
     */
    static final List<String> CONTAINER_FLAGS = List.of("-Xmx307m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k",
            "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + System.getProperty("java.io.tmpdir") + "/backend-bench.jsa",
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    final Process process;
    final int port;
    final long startNanos;

    Backend(String jar, List<String> jvmFlags, Map<String, String> env) throws IOException {
        port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("/dev/null"));
        startNanos = System.nanoTime();
        process = pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls /health every 10 ms; returns ms from process start to the first 200. */
    long awaitHealthy(HttpClient http, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startNanos) / 1_000_000;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("backend not healthy within " + timeout);
    }

    /** Resident set size of the process in MiB (Linux /proc). */
    double rssMiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
