package dev.stackctl.apt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final Path dir;
    private final HttpClient http;

    public ArchiveCache(Path dir) {
        this.dir = dir;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
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
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(large ? LARGE_TIMEOUT : SMALL_TIMEOUT).GET();
        if (cached && props.getProperty("last-modified") != null) {
            req.header("If-Modified-Since", props.getProperty("last-modified"));
        }
        String problem;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "fetch-", ".part");
            try {
                HttpResponse<Path> r = http.send(req.build(), HttpResponse.BodyHandlers.ofFile(tmp));
                if (r.statusCode() == 304 && cached) {
                    props.setProperty("fetched-at", Instant.now().toString());
                    writeMeta(meta, props);
                    return new Fetched(body, false, Instant.now(), null);
                }
                if (r.statusCode() == 200) {
                    Files.move(tmp, body, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Properties fresh = new Properties();
                    fresh.setProperty("url", url);
                    r.headers().firstValue("Last-Modified").ifPresent(v -> fresh.setProperty("last-modified", v));
                    fresh.setProperty("fetched-at", Instant.now().toString());
                    writeMeta(meta, fresh);
                    return new Fetched(body, false, Instant.now(), null);
                }
                problem = url + " answered HTTP " + r.statusCode();
                if (r.statusCode() == 404) {
                    throw new NotFoundException(problem);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (NotFoundException e) {
            throw new UnreachableException(e.getMessage());
        } catch (IOException e) {
            problem = url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = url + ": interrupted";
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
