package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stackctl.TestProject;
import dev.stackctl.apt.ArchiveCache;
import dev.stackctl.command.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "With no archive reachable, it says so and keeps working with what it has" (issue 18), on the real
 * base images (their package labels, read from the engine) and the real Debian archive: the archive is
 * reached through a forwarding server on loopback that is then stopped. The status read from the indexes
 * cached while it answered is the same as before, and names what did not answer and the cached copy's
 * time; with nothing cached, every image is unknown and the CLI says why on one line, exit 0. images build
 * against the unreachable archive keeps the (hash-current) images and says that it could not compare them.
 */
class ImageStatusOfflineIT {
    private static BaseImages images;
    private static DebianArchives real;
    private HttpServer server;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void baseImages() {
        System.setProperty("stackctl.root", TestProject.root().toString());
        images = new BaseImages(TestProject.layout());
        real = images.archives(null, null);
        // the shared base images, built only when missing or their recipe changed (as up --airgap does)
        images.build(List.of(), Set.of(), null, null, ProgressSink.NONE);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A loopback server forwarding /main/... to the machine's mirror and /security/... to its security archive. */
    private DebianArchives forwardingArchive() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String target = path.startsWith("/security/") ? real.security() + path.substring("/security".length())
                    : real.main() + path.substring("/main".length());
            HttpURLConnection c = (HttpURLConnection) URI.create(target).toURL().openConnection();
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            if (ims != null) {
                c.setRequestProperty("If-Modified-Since", ims);
            }
            int status = c.getResponseCode();
            forwarded.add(status + " " + path);
            String lm = c.getHeaderField("Last-Modified");
            if (lm != null) {
                ex.getResponseHeaders().add("Last-Modified", lm);
            }
            if (status != 200) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(200, 0);
                try (InputStream in = c.getInputStream(); OutputStream out = ex.getResponseBody()) {
                    in.transferTo(out);
                }
            }
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return DebianArchives.of(base + "/main", base + "/security");
    }

    @Test
    @Timeout(300)
    void theIndexesCachedWhileTheArchiveAnsweredGiveTheSameStatusAndSaySo(@TempDir Path cache) throws IOException {
        DebianArchives archive = forwardingArchive();
        ImageStatus.Report online = new ImageStatus(images, new ArchiveCache(cache)).check(List.of(), archive);
        assertThat(online.archiveNote()).isEmpty();
        assertThat(online.entries()).hasSize(5).allSatisfy(e -> assertThat(e.known()).as(e.tag()).isTrue());
        assertThat(forwarded).as("the Release files and Packages indexes were fetched through the forwarder")
                .anyMatch(l -> l.equals("200 /main/dists/trixie/Release")).anyMatch(l -> l.equals("200 /security/dists/trixie-security/Release"));

        server.stop(0);
        server = null;
        ImageStatus.Report offline = new ImageStatus(images, new ArchiveCache(cache)).check(List.of(), archive);
        assertThat(offline.entries()).as("the same answer from the cached indexes").isEqualTo(online.entries());
        assertThat(offline.archiveNote()).contains(archive.main() + "/dists/trixie/Release: ", archive.security() + "/dists/trixie-security/Release: ",
                "; using the index cached at 20");
    }

    @Test
    @Timeout(300)
    void withNothingCachedStatusSaysSoOnOneLineAndBuildKeepsTheImages() {
        String dead = "http://127.0.0.1:1/debian";
        Run status = stackctl("images", "status", "--mirror", dead, "--security-mirror", "http://127.0.0.1:1/debian-security");
        assertThat(status.code()).as(status.describe()).isZero();
        assertThat(status.err()).as(status.describe()).startsWith("images: archive not reachable: " + dead + "/dists/trixie/Release: ").hasLineCount(1);
        assertThat(status.out().lines().skip(1).toList()).as(status.describe()).hasSize(5)
                .allSatisfy(l -> assertThat(l).contains(" unknown ", "archive index unavailable"));

        Run build = stackctl("images", "build", "--mirror", dead, "--security-mirror", "http://127.0.0.1:1/debian-security");
        assertThat(build.code()).as(build.describe()).isZero();
        assertThat(build.err()).as(build.describe()).contains("images: archive not reachable: " + dead + "/dists/trixie/Release: ");
        assertThat(build.out().lines().skip(1).toList()).as(build.describe()).hasSize(5).allSatisfy(l -> assertThat(l).contains(" cached "));
    }

    record Run(int code, String out, String err) {
        String describe() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run stackctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
