package dev.stackctl.apt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Files of a Debian archive, fetched over HTTP(S) and kept in a local cache directory
 * ({@code ~/.cache/stackctl/apt} by default). A cached file is revalidated with
 * {@code If-Modified-Since}: an unchanged one costs one round trip and no body. When the archive
 * cannot be reached, the cached copy is used and {@link Fetched#offline()} says so.
 */
public final class ArchiveCache {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SMALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LARGE_TIMEOUT = Duration.ofMinutes(5);

    private static final int MAX_REDIRECTS = 5;

    private final Path dir;

    public ArchiveCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/stackctl/apt}, else {@code ~/.cache/stackctl/apt}. */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stackctl").resolve("apt");
    }

    public Path dir() {
        return dir;
    }

    /**
     * A fetched (or cached) file.
     *
     * @param path the local copy
     * @param offline true when the archive did not answer and {@code path} is an older copy
     * @param fetchedAt when the archive last confirmed this copy
     */
    public record Fetched(Path path, boolean offline, Instant fetchedAt, String problem) {
        public String text() {
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The archive did not answer and nothing is cached. */
    public static final class UnreachableException extends IOException {
        public UnreachableException(String message) {
            super(message);
        }
    }

    private final java.util.Map<String, java.util.concurrent.CompletableFuture<Object>> fetchedNow =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Fetches {@code url}, revalidating a cached copy, at most once per instance (a second call
     * returns the first answer); a small file (Release) has a short timeout.
     */
    public Fetched fetch(String url, boolean large) throws UnreachableException {
        Object r = fetchedNow.computeIfAbsent(url, u -> {
            java.util.concurrent.CompletableFuture<Object> f = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    f.complete(fetchOnce(u, large));
                } catch (UnreachableException | RuntimeException e) {
                    f.complete(e);
                }
            });
            return f;
        }).join();
        if (r instanceof UnreachableException e) {
            throw new UnreachableException(e.getMessage());
        }
        if (r instanceof RuntimeException e) {
            throw e;
        }
        return (Fetched) r;
    }

    /** Starts revalidating {@code urls} in the background (errors are seen by the later {@link #fetch}). */
    public void prefetch(List<String> urls) {
        for (String u : urls) {
            fetchedNow.computeIfAbsent(u, k -> {
                java.util.concurrent.CompletableFuture<Object> f = new java.util.concurrent.CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        f.complete(fetchOnce(k, false));
                    } catch (UnreachableException | RuntimeException e) {
                        f.complete(e);
                    }
                });
                return f;
            });
        }
    }

    private Fetched fetchOnce(String url, boolean large) throws UnreachableException {
        Path body = dir.resolve(key(url));
        Path meta = dir.resolve(key(url) + ".meta");
        Properties props = new Properties();
        boolean cached = Files.isRegularFile(body) && Files.isRegularFile(meta);
        if (cached) {
            try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                cached = false;
            }
        }
        String problem;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "fetch-", ".part");
            try {
                HttpURLConnection c = open(url, large, cached ? props.getProperty("last-modified") : null);
                try {
                    int status = c.getResponseCode();
                    if (status == 304 && cached) {
                        props.setProperty("fetched-at", Instant.now().toString());
                        writeMeta(meta, props);
                        return new Fetched(body, false, Instant.now(), null);
                    }
                    if (status == 200) {
                        try (var in = c.getInputStream()) {
                            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.move(tmp, body, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        Properties fresh = new Properties();
                        fresh.setProperty("url", url);
                        String lm = c.getHeaderField("Last-Modified");
                        if (lm != null) {
                            fresh.setProperty("last-modified", lm);
                        }
                        fresh.setProperty("fetched-at", Instant.now().toString());
                        writeMeta(meta, fresh);
                        return new Fetched(body, false, Instant.now(), null);
                    }
                    problem = url + " answered HTTP " + status;
                    if (status == 404) {
                        throw new NotFoundException(problem);
                    }
                } finally {
                    c.disconnect();
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (NotFoundException e) {
            throw new UnreachableException(e.getMessage());
        } catch (IOException e) {
            problem = url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (cached) {
            Instant at = Optional.ofNullable(props.getProperty("fetched-at")).map(Instant::parse).orElse(Instant.EPOCH);
            return new Fetched(body, true, at, problem);
        }
        throw new UnreachableException(problem);
    }

    /** A cached file by content key (for derived data such as reduced package indexes). */
    public Path derived(String name) {
        return dir.resolve("derived").resolve(name);
    }

    /**
     * A GET of {@code url} with its answer's status read, redirects followed (also http to https, which
     * {@link HttpURLConnection} leaves to its caller, but not https to http). {@link HttpURLConnection}
     * rather than {@code java.net.http.HttpClient}: building that client and its first request cost
     * 0.2-0.4 s of a warm {@code images status} here (class loading, its selector thread), this about 30 ms.
     */
    private static HttpURLConnection open(String url, boolean large, String ifModifiedSince) throws IOException {
        URI uri = URI.create(url);
        for (int hop = 0; ; hop++) {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) (large ? LARGE_TIMEOUT : SMALL_TIMEOUT).toMillis());
            c.setUseCaches(false);
            if (ifModifiedSince != null) {
                c.setRequestProperty("If-Modified-Since", ifModifiedSince);
            }
            int status = c.getResponseCode();
            String location = c.getHeaderField("Location");
            if (status / 100 != 3 || status == 304 || location == null) {
                return c;
            }
            c.disconnect();
            URI next = uri.resolve(location);
            if (hop >= MAX_REDIRECTS || !("http".equals(next.getScheme()) || "https".equals(next.getScheme()))
                    || ("https".equals(uri.getScheme()) && "http".equals(next.getScheme()))) {
                throw new IOException(url + ": redirected to " + next + " (not followed)");
            }
            uri = next;
        }
    }

    private static final class NotFoundException extends IOException {
        NotFoundException(String m) {
            super(m);
        }
    }

    private static void writeMeta(Path meta, Properties props) throws IOException {
        Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String key(String url) {
        return sha256(url.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
