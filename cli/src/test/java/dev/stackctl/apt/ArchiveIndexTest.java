package dev.stackctl.apt;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stackctl.engine.DebianArchives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The index against an archive laid out as Debian's (dists/SUITE/Release, main/binary-amd64/Packages.xz)
 * served over HTTP from this JVM: newest versions per source, conditional revalidation, and what
 * happens when the archive stops answering.
 */
class ArchiveIndexTest {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private DebianArchives archives;
    private final String lastModified = HTTP_DATE.format(ZonedDateTime.of(2026, 12, 5, 3, 33, 30, 0, ZoneOffset.UTC));

    @BeforeEach
    void archive() throws IOException {
        suite("debian", "trixie", "Sat, 08 Nov 2026 10:00:00 UTC", """
                Package: nginx
                Architecture: amd64
                Version: 1.26.3-3+deb13u2

                Package: tzdata
                Architecture: all
                Version: 2025b-4

                Package: libzstd1
                Architecture: amd64
                Version: 1.5.7+dfsg-1
                """);
        suite("debian", "trixie-updates", "Fri, 04 Dec 2026 20:00:00 UTC", """
                Package: tzdata
                Architecture: all
                Version: 2025c-0+deb13u1
                """);
        suite("debian-security", "trixie-security", "Sat, 05 Dec 2026 03:33:30 UTC", """
                Package: nginx
                Architecture: amd64
                Version: 1.26.3-3+deb13u12

                Package: nginx
                Architecture: amd64
                Version: 1.26.3-3+deb13u10

                Package: libzstd1
                Architecture: arm64
                Version: 1.5.7+dfsg-1+deb13u1
                """);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = files.get(path);
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            if (body == null) {
                log.add("404 " + path);
                ex.sendResponseHeaders(404, -1);
            } else if (lastModified.equals(ims)) {
                log.add("304 " + path);
                ex.sendResponseHeaders(304, -1);
            } else {
                log.add("200 " + path);
                ex.getResponseHeaders().add("Last-Modified", lastModified);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        archives = DebianArchives.of(base + "/debian", null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void suite(String archive, String suite, String date, String packages) throws IOException {
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
            out.write(packages.getBytes(StandardCharsets.UTF_8));
        }
        byte[] index = xz.toByteArray();
        String release = "Origin: Debian\nCodename: " + suite + "\nDate: " + date + "\nSHA256:\n "
                + ArchiveCache.sha256(index) + " " + index.length + " main/binary-amd64/Packages.xz\n";
        files.put("/" + archive + "/dists/" + suite + "/Release", release.getBytes(StandardCharsets.UTF_8));
        files.put("/" + archive + "/dists/" + suite + "/main/binary-amd64/Packages.xz", index);
    }

    @Test
    void newestVersionPerSourceAndWhereItComesFrom(@TempDir Path cache) {
        ArchiveIndex.Snapshot s = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(s.problems()).isEmpty();
        assertThat(s.candidate("nginx:amd64")).get().satisfies(c -> {
            assertThat(c.version()).isEqualTo("1.26.3-3+deb13u12");
            assertThat(c.from().suite()).isEqualTo("trixie-security");
            assertThat(c.security()).isTrue();
        });
        assertThat(s.candidate("tzdata:all")).get().satisfies(c -> {
            assertThat(c.version()).isEqualTo("2025c-0+deb13u1");
            assertThat(c.security()).isFalse();
        });
        // the arm64 build in the security index is not this architecture's
        assertThat(s.candidate("libzstd1:amd64").orElseThrow().version()).isEqualTo("1.5.7+dfsg-1");
        assertThat(s.newestReleaseDate().orElseThrow()).isEqualTo(java.time.Instant.parse("2026-12-05T03:33:30Z"));
        assertThat(s.anyOffline()).isFalse();
    }

    @Test
    void aWarmLoadRevalidatesTheReleaseFilesOnlyAndAnUnreachableArchiveFallsBackToTheCache(@TempDir Path cache) {
        // one ArchiveCache per run of stackctl (within one, a file is fetched once)
        new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(log).hasSize(6).allMatch(l -> l.startsWith("200 "));
        log.clear();

        ArchiveIndex.Snapshot warm = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(log).containsExactlyInAnyOrder("304 /debian/dists/trixie/Release", "304 /debian/dists/trixie-updates/Release",
                "304 /debian-security/dists/trixie-security/Release");
        assertThat(warm.candidate("nginx:amd64").orElseThrow().version()).isEqualTo("1.26.3-3+deb13u12");

        server.stop(0);
        server = null;
        ArchiveIndex.Snapshot offline = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(offline.complete()).isTrue();
        assertThat(offline.anyOffline()).isTrue();
        assertThat(offline.sources()).allSatisfy(src -> assertThat(src.problem()).startsWith(src.source().distsUrl() + "Release: "));
        assertThat(offline.candidate("nginx:amd64").orElseThrow().version()).isEqualTo("1.26.3-3+deb13u12");
    }

    @Test
    void nothingCachedAndNoArchiveIsReportedNotThrown(@TempDir Path cache) {
        server.stop(0);
        server = null;
        ArchiveIndex.Snapshot s = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(s.complete()).isFalse();
        assertThat(s.problems()).hasSize(3).allSatisfy(p -> assertThat(p).contains("/dists/trixie"));
    }

    @Test
    void anIndexThatDoesNotMatchItsReleaseChecksumIsRefused(@TempDir Path cache) {
        files.put("/debian/dists/trixie/main/binary-amd64/Packages.xz",
                files.get("/debian/dists/trixie-updates/main/binary-amd64/Packages.xz"));
        ArchiveIndex.Snapshot s = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64");
        assertThat(s.problems()).singleElement().asString()
                .startsWith(archives.main() + "/dists/trixie/main/binary-amd64/Packages.xz: SHA-256 ")
                .endsWith("(a mirror in the middle of an update?); retry in a few minutes");
    }

    @Test
    void theWantedPackagesAreKeptAsASelectionThatAnotherSetDoesNotReuse(@TempDir Path cache) throws IOException {
        java.util.Set<String> wanted = java.util.Set.of("nginx:amd64", "tzdata:all");
        ArchiveIndex.Snapshot first = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64", wanted);
        assertThat(first.candidate("nginx:amd64").orElseThrow().version()).isEqualTo("1.26.3-3+deb13u12");
        assertThat(first.candidate("libzstd1:amd64")).as("not wanted").isEmpty();
        try (var derived = java.nio.file.Files.list(cache.resolve("derived"))) {
            assertThat(derived.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sel"))).hasSize(3);
        }

        // a warm run answers from the selections, the same as from the whole index
        ArchiveIndex.Snapshot warm = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64", wanted);
        for (String p : wanted) {
            assertThat(warm.candidate(p).orElseThrow().version()).as(p).isEqualTo(first.candidate(p).orElseThrow().version());
            assertThat(warm.candidate(p).orElseThrow().from()).as(p).isEqualTo(first.candidate(p).orElseThrow().from());
        }

        // another set of packages (an image added or rebuilt) is its own selection, read from the whole index
        ArchiveIndex.Snapshot other = new ArchiveIndex(new ArchiveCache(cache)).load(archives, "trixie", "amd64",
                java.util.Set.of("libzstd1:amd64", "tzdata:all"));
        assertThat(other.candidate("libzstd1:amd64").orElseThrow().version()).isEqualTo("1.5.7+dfsg-1");
        assertThat(other.candidate("tzdata:all").orElseThrow().version()).isEqualTo("2025c-0+deb13u1");
        assertThat(other.candidate("nginx:amd64")).isEmpty();
    }

    @Test
    void aRedirectIsFollowedAndAMissingFileIsUnreachable(@TempDir Path cache) throws Exception {
        server.createContext("/moved/", ex -> {
            ex.getResponseHeaders().add("Location", ex.getRequestURI().getPath().replaceFirst("^/moved/", "/"));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ArchiveIndex.Snapshot s = new ArchiveIndex(new ArchiveCache(cache)).load(DebianArchives.of(base + "/moved/debian", base + "/moved/debian-security"),
                "trixie", "amd64");
        assertThat(s.problems()).isEmpty();
        assertThat(s.candidate("nginx:amd64").orElseThrow().version()).isEqualTo("1.26.3-3+deb13u12");
        assertThat(log).contains("200 /debian/dists/trixie/Release", "200 /debian-security/dists/trixie-security/main/binary-amd64/Packages.xz");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArchiveCache(cache).fetch(base + "/debian/dists/sid/Release", false))
                .isInstanceOf(ArchiveCache.UnreachableException.class).hasMessage(base + "/debian/dists/sid/Release answered HTTP 404");
    }
}
