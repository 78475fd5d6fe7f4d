package dev.stackctl.e2e;

import static dev.stackctl.TestHost.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.TestHost;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.lifecycle.Down;
import dev.stackctl.lifecycle.Up;
import dev.stackctl.lifecycle.UpRequest;
import dev.stackctl.model.Build;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.Resources;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.verify.Verifier;
import dev.stackctl.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upgrades keep data (issue 18): the stack is brought up on the real engine from the model, the backend
 * writes ticks, then one service is changed in the model (the database's memory limit) and {@code up}
 * runs again. Only that service is recreated (container ids of the others unchanged), the rows written
 * before the change are all there afterwards (counted before and after), the backend writes again,
 * and verification of the changed model passes (its limits are read back from the engine). Then the
 * database's image changes, twice: the model's image variable names another image (a rebuild of the
 * air-gapped one under this test's own tag), and that tag is rebuilt again (a new image under the same
 * name, as {@code stackctl images build} leaves it after a package update). Each time only the database is
 * recreated, on the new image, and the rows counted before are all there.
 *
 * <p>The model is the real one, rendered into its own directory, {@code generated/e2e-upgrade-*} (the build
 * contexts one level further up), so the committed generated/ files are never touched; it is removed at
 * the end with the project's containers and volumes. Without a Docker engine this test fails.
 */
class UpgradeEndToEndIT {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROJECT = "stackctl-upgrade-" + ID;
    private static final String DIRECTORY = "e2e-upgrade-" + ID;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static ProjectLayout layout;
    private static StackDefinition before;
    private static Map<String, String> ports;
    /** The database image this test rebuilds (its own tag: the shared stackctl/ tags are never moved). */
    private static final String DB_IMAGE = "stackctl-upgrade-" + ID + "/timescaledb:it";
    private static final List<String> builtImages = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        layout = TestProject.layout();
        before = inOwnDirectory(StockTrackerStack.definition());
        ports = Map.of("FRONTEND_PORT", Integer.toString(freePort()), "BACKEND_PORT", Integer.toString(freePort()));
    }

    @AfterAll
    static void tearDown() throws IOException {
        try {
            if (before != null) {
                new Down(layout, before).run(ComposeCli.require(), PROJECT, true);
            }
        } finally {
            Path dir = layout.generated().resolve(DIRECTORY);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        assertThat(docker("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).stdout()).isBlank();
        assertThat(docker("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT).stdout()).isBlank();
        for (String image : builtImages) {
            docker("docker", "image", "rm", "-f", image);
        }
        assertThat(docker("docker", "image", "ls", "-q", "--filter", "reference=stackctl-upgrade-" + ID + "/*").stdout()).as("this test's images").isBlank();
    }

    /** The definition with its files in generated/DIRECTORY: build contexts are relative to the compose file. */
    private static StackDefinition inOwnDirectory(StackDefinition d) {
        List<Service> services = new ArrayList<>();
        for (Service s : d.stack().services()) {
            Build b = s.build();
            services.add(b == null ? s : s.toBuilder().build(new Build("../" + b.context(), b.dockerfile(), b.args(), b.dockerfileInline())).build());
        }
        return new StackDefinition(d.stack().withServices(services), d.definedIn(), d.files(), d.artifacts(), d.roles(), DIRECTORY);
    }

    @Test
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void changingOneServiceRecreatesOnlyItAndTheRowsSurvive() throws Exception {
        VerifyReport first = up(before, true, new StringWriter());
        assertThat(first.passed()).as(first.text()).isTrue();
        Map<String, String> idsBefore = containerIds();
        assertThat(idsBefore.keySet()).containsExactlyInAnyOrder("timescaledb", "redis", "backend", "frontend");
        // rows the backend committed: wait for some, then take the newest tick's time as the cutoff and let
        // batches in flight land; the rows up to it (count and sums) must be the same after the upgrade.
        // (ts is the data's own time, which the backend writes in order; not compared with the wall clock.)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM ticks") < 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        String cutoff = query("SELECT max(ts) FROM ticks");
        Thread.sleep(3_000);
        String upToCutoff = "SELECT count(*) || ' ' || sum(seq) || ' ' || sum(volume) FROM ticks WHERE ts <= '" + cutoff + "'";
        String rowsBefore = query(upToCutoff);
        long allBefore = count("SELECT count(*) FROM ticks");
        assertThat(allBefore).as("ticks written before the upgrade").isGreaterThanOrEqualTo(200);
        assertThat(Long.parseLong(rowsBefore.split(" ")[0])).as("ticks up to the cutoff").isGreaterThanOrEqualTo(200);

        // the change: the database's memory limit, 1G -> 1280M, in the model
        Stack stack = before.stack();
        Service db = stack.service(StockTrackerStack.TIMESCALEDB).orElseThrow();
        assertThat(db.deploy().resources().memoryLimit()).isEqualTo(dev.stackctl.model.MemorySize.parse("1G"));
        StackDefinition after = before.withStack(stack.withService(db.toBuilder().resources(Resources.memory("1280M")).build()));
        StringWriter secondErr = new StringWriter();
        VerifyReport second = up(after, false, secondErr);
        assertThat(second.passed()).as(second.text()).isTrue();

        Map<String, String> idsAfter = containerIds();
        assertThat(idsAfter.get("timescaledb")).as("the changed service is recreated").isNotEqualTo(idsBefore.get("timescaledb"));
        for (String kept : List.of("redis", "backend", "frontend")) {
            assertThat(idsAfter.get(kept)).as("%s is not recreated (before %s, after %s)", kept, idsBefore, idsAfter).isEqualTo(idsBefore.get(kept));
        }
        assertThat(secondErr.toString()).as("up names what it recreates").contains("changed in the model: timescaledb; recreating only it");
        assertThat(docker("docker", "inspect", "-f", "{{.HostConfig.Memory}}", idsAfter.get("timescaledb")).stdout().strip())
                .isEqualTo(Long.toString(1280L * 1024 * 1024));
        assertThat(query(upToCutoff)).as("ticks up to %s (count, sum of seq, sum of volume) after the upgrade", cutoff).isEqualTo(rowsBefore);
        long waitWrites = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM ticks") <= allBefore && System.nanoTime() < waitWrites) {
            Thread.sleep(500);
        }
        assertThat(count("SELECT count(*) FROM ticks")).as("the backend writes again after the upgrade").isGreaterThan(allBefore);

        // up once more with nothing changed recreates nothing: the container made with --no-deps carries the
        // file's config hash (compose 2.26 hashes a --no-deps service without its depends_on, #12069)
        StringWriter thirdErr = new StringWriter();
        VerifyReport third = up(after, false, thirdErr);
        assertThat(third.passed()).as(third.text()).isTrue();
        assertThat(containerIds()).as("nothing recreated by an up without changes\n%s", thirdErr).isEqualTo(idsAfter);
        assertThat(thirdErr.toString()).doesNotContain("changed in the model");
        System.out.printf("upgrade: timescaledb %s -> %s; ticks before %d (up to %s: %s), after %d%n",
                idsBefore.get("timescaledb").substring(0, 12), idsAfter.get("timescaledb").substring(0, 12), allBefore, cutoff,
                rowsBefore, count("SELECT count(*) FROM ticks"));

        // the database's image changes in the model: its variable names a rebuilt image (another tag, another id)
        String airgapImage = ImageProfile.AIRGAP.image(StockTrackerStack.TIMESCALEDB_IMAGE);
        String rebuilt = rebuild(airgapImage, "1");
        Map<String, String> idsBeforeImage = containerIds();
        Map<String, String> withImage = new java.util.HashMap<>(ports);
        withImage.put(StockTrackerStack.TIMESCALEDB_IMAGE, DB_IMAGE);
        recreatesOnlyTheDatabaseOn(rebuilt, after, withImage, idsBeforeImage, "the database's image variable names " + DB_IMAGE);

        // the same tag rebuilt (what images build does to an image behind the archive): the config hash is
        // the same, only the image id under the name differs
        String rebuiltAgain = rebuild(DB_IMAGE, "2");
        assertThat(rebuiltAgain).isNotEqualTo(rebuilt);
        recreatesOnlyTheDatabaseOn(rebuiltAgain, after, withImage, containerIds(), "the database's image " + DB_IMAGE + " was rebuilt");
    }

    /**
     * {@code up} after the database's image changed (to {@code imageId}): only the database is recreated, on
     * that image; the rows up to the newest tick written before are the same (count and sums), the backend
     * writes again, and verification passes.
     */
    private static void recreatesOnlyTheDatabaseOn(String imageId, StackDefinition definition, Map<String, String> env,
                                                   Map<String, String> idsBefore, String change) throws InterruptedException {
        String cutoff = query("SELECT max(ts) FROM ticks");
        Thread.sleep(3_000);
        String upToCutoff = "SELECT count(*) || ' ' || sum(seq) || ' ' || sum(volume) FROM ticks WHERE ts <= '" + cutoff + "'";
        String rowsBefore = query(upToCutoff);
        long allBefore = count("SELECT count(*) FROM ticks");
        assertThat(imageOf(idsBefore.get("timescaledb"))).as("the database's image before the change").isNotEqualTo(imageId);

        StringWriter err = new StringWriter();
        VerifyReport report = up(definition, false, err, env);
        assertThat(report.passed()).as(report.text()).isTrue();
        Map<String, String> idsAfter = containerIds();
        assertThat(idsAfter.get("timescaledb")).as("the database is recreated when %s\n%s", change, err).isNotEqualTo(idsBefore.get("timescaledb"));
        for (String kept : List.of("redis", "backend", "frontend")) {
            assertThat(idsAfter.get(kept)).as("%s is not recreated when %s (before %s, after %s)", kept, change, idsBefore, idsAfter)
                    .isEqualTo(idsBefore.get(kept));
        }
        assertThat(err.toString()).as("up names what it recreates").contains("changed in the model: timescaledb; recreating only it");
        assertThat(imageOf(idsAfter.get("timescaledb"))).as("the recreated database runs the new image").isEqualTo(imageId);
        assertThat(query(upToCutoff)).as("ticks up to %s (count, sum of seq, sum of volume) after %s", cutoff, change).isEqualTo(rowsBefore);
        long waitWrites = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM ticks") <= allBefore && System.nanoTime() < waitWrites) {
            Thread.sleep(500);
        }
        assertThat(count("SELECT count(*) FROM ticks")).as("the backend writes again after %s", change).isGreaterThan(allBefore);
        System.out.printf("upgrade (%s): timescaledb %s -> %s on %s; ticks up to %s: %s before and after%n", change,
                idsBefore.get("timescaledb").substring(0, 12), idsAfter.get("timescaledb").substring(0, 12), imageId.substring(0, 19), cutoff, rowsBefore);
    }

    /** A new image {@link #DB_IMAGE} built from {@code from} with one label more (another id, the same contents); its id. */
    private static String rebuild(String from, String generation) {
        try {
            Path context = Files.createTempDirectory("stackctl-upgrade-image-");
            try {
                Files.writeString(context.resolve("Dockerfile"), "FROM " + from + "\nLABEL dev.stackctl.test.rebuild=\"" + ID + "-" + generation + "\"\n");
                ExternalProcess.Result r = TestHost.run(List.of("docker", "build", "--pull=false", "-q", "-t", DB_IMAGE, context.toString()), Duration.ofMinutes(3));
                assertThat(r.exitCode()).as(r.stderr()).isZero();
            } finally {
                Files.deleteIfExists(context.resolve("Dockerfile"));
                Files.deleteIfExists(context);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String id = docker("docker", "image", "inspect", "-f", "{{.Id}}", DB_IMAGE).stdout().strip();
        assertThat(id).startsWith("sha256:");
        builtImages.add(id);
        return id;
    }

    private static String imageOf(String container) {
        return docker("docker", "inspect", "-f", "{{.Image}}", container).stdout().strip();
    }

    /** {@code up} of a definition (air-gapped images, this test's ports), verified against that definition. */
    private static VerifyReport up(StackDefinition definition, boolean build, StringWriter err) {
        return up(definition, build, err, ports);
    }

    /** The same with these compose variables (the ports, and for the image change the database's image). */
    private static VerifyReport up(StackDefinition definition, boolean build, StringWriter err, Map<String, String> env) {
        AtomicReference<VerifyReport> report = new AtomicReference<>();
        UpRequest request = new UpRequest(PROJECT, ImageProfile.AIRGAP, env, build, DEADLINE, true, true);
        int code = new Up(layout, definition, new PrintWriter(err, true)).run(request, (target, composeUp, deadline) -> {
            VerifyReport r = new Verifier(DEADLINE, false, Duration.ofSeconds(30)).run(target, c -> { }, composeUp, deadline);
            report.set(r);
            return r.exitCode().code();
        });
        assertThat(report.get()).as("verification ran; up exited %d\n%s", code, err).isNotNull();
        assertThat(code).as(err.toString()).isZero();
        return report.get();
    }

    private static Map<String, String> containerIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        String out = docker("docker", "ps", "--no-trunc", "--filter", "label=com.docker.compose.project=" + PROJECT,
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.ID}}").stdout();
        for (String line : out.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                ids.put(parts[0], parts[1]);
            }
        }
        return ids;
    }

    private static long count(String sql) {
        return Long.parseLong(query(sql));
    }

    /** One value from the stack's database, through its own container and login. */
    private static String query(String sql) {
        String db = containerIds().get("timescaledb");
        ExternalProcess.Result r = docker("docker", "exec", "-e", "Q=" + sql, db, "sh", "-c",
                "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -w -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc \"$Q\"");
        assertThat(r.exitCode()).as("%s: %s", sql, r.stderr()).isZero();
        return r.stdout().strip();
    }

    private static ExternalProcess.Result docker(String... command) {
        return TestHost.run(List.of(command), Duration.ofSeconds(30));
    }
}
