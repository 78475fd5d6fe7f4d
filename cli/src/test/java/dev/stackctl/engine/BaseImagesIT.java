package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builds (or finds current) the five base images on the real engine and proves each one works.
 * A missing engine or mmdebstrap fails this test with the builder's own message; it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaseImagesIT {
    private static final String PG = "stackctl/timescaledb:2.19-pg17";
    private static final String REDIS = "stackctl/redis:8.0";
    private static final String NGINX = "stackctl/nginx:1.26";
    private static final String NODE = "stackctl/node:20";
    private static final String JRE = "stackctl/jre:21";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final String sfx = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final ContainerCli cli = new ContainerCli();
    private String net;

    @BeforeAll
    void buildImages() {
        ProjectLayout layout = ProjectLayout.locate();
        List<String> tags = BaseImages.ensureBuilt(layout, ProgressSink.printingTo(new PrintWriter(System.err, true)));
        assertThat(tags).containsExactlyInAnyOrder(PG, REDIS, NGINX, NODE, JRE);
        net = cli.network("stackctl-it-images-" + sfx);
    }

    @AfterAll
    void cleanUp() {
        cli.close();
    }

    @Test
    void secondBuildIsACacheHitAndLabelsMatchTheRecipes() {
        BaseImages images = new BaseImages(ProjectLayout.locate());
        List<BaseImages.Outcome> outcomes = images.build(List.of(), false, null, ProgressSink.NONE);
        assertThat(outcomes).hasSize(5).allSatisfy(o -> assertThat(o.built()).as(o.tag()).isFalse());
        for (ImageRecipe r : images.recipes()) {
            String label = cli.ok("image", "inspect", "--format",
                    "{{index .Config.Labels \"" + ImageBuildCommands.HASH_LABEL + "\"}}", r.tag());
            assertThat(label).as(r.tag()).isEqualTo(images.hashOf(r));
        }
        assertThat(images.list()).allSatisfy(e -> assertThat(e.state()).as(e.tag()).isEqualTo("current"));
    }

    /** A recipe whose Dockerfile changed is rebuilt on the cached root file system: no mmdebstrap, no import. */
    @Test
    void aChangedDockerfileReusesTheCachedRootfs(@TempDir Path project) throws IOException {
        Path recipe = RecipeFixtures.copyRecipe("redis", project.resolve("templates/images"));
        String tag = cli.image("stackctl-it/redis:" + sfx);
        Files.writeString(recipe.resolve("recipe.properties"), "tag=" + tag + "\nsuite=trixie\nvariant=apt\n");
        BaseImages images = new BaseImages(new ProjectLayout(project));
        assertThat(images.build(List.of("redis"), false, null, ProgressSink.NONE)).singleElement()
                .satisfies(o -> assertThat(o.built()).isTrue());

        Files.writeString(recipe.resolve("Dockerfile"), "\nLABEL dev.stackctl.it=" + sfx + "\n", StandardOpenOption.APPEND);
        List<String> steps = new CopyOnWriteArrayList<>();
        List<BaseImages.Outcome> second = images.build(List.of("redis"), false, null,
                (image, step, elapsed, note) -> steps.add(step + " " + note));
        assertThat(second).singleElement().satisfies(o -> assertThat(o.built()).isTrue());
        assertThat(steps).anyMatch(s -> s.startsWith("rootfs cached stackctl-rootfs/redis:"))
                .noneMatch(s -> s.startsWith("import "));
        assertThat(cli.ok("image", "inspect", "--format", "{{index .Config.Labels \"dev.stackctl.it\"}}", tag)).isEqualTo(sfx);
        assertThat(cli.ok("run", "--rm", "--name", cli.container("stackctl-it-redis-rebuilt-" + sfx), tag, "redis-server", "--version"))
                .startsWith("Redis server v=8.0.");
        // the third call is a plain cache hit
        assertThat(images.build(List.of("redis"), false, null, ProgressSink.NONE)).singleElement()
                .satisfies(o -> assertThat(o.built()).isFalse());
    }

    @ParameterizedTest(name = "{0} has {1}")
    @CsvSource({PG + ",pg_isready", PG + ",psql", REDIS + ",redis-cli", NGINX + ",wget", NODE + ",npm", JRE + ",curl", JRE + ",bash"})
    void healthCheckToolIsOnThePath(String image, String tool) {
        String path = cli.ok("run", "--rm", "--name", cli.container("stackctl-it-tool-" + tool + "-" + sfx),
                "--entrypoint", "/bin/sh", image, "-c", "command -v " + tool);
        assertThat(path).startsWith("/").endsWith("/" + tool);
    }

    @Test
    void timescaledbAcceptsPasswordLoginsFromOtherContainersAndKeepsDataAcrossRestarts() {
        String volume = cli.volume("stackctl-it-pgdata-" + sfx);
        String pg = cli.container("stackctl-it-pg-" + sfx);
        startPostgres(pg, volume, "s3cret-" + sfx);
        List<String> logsAfterInit = cli.logs(pg).lines().filter(l -> l.contains("[entrypoint]")).toList();
        assertThat(logsAfterInit).anyMatch(l -> l.contains("initialising a new cluster"));

        assertThat(psql(pg, "s3cret-" + sfx, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'").stdout().strip())
                .startsWith("2.19.");
        assertThat(psql(pg, "s3cret-" + sfx, "SHOW timescaledb.license").stdout().strip()).isEqualTo("apache");
        assertThat(psql(pg, "s3cret-" + sfx, "SELECT current_user || '@' || current_database()").stdout().strip())
                .isEqualTo("tracker@stocks");
        ExternalProcess.Result wrong = psql(pg, "wrong-password", "SELECT 1");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.stderr()).contains("password authentication failed for user \"tracker\"");
        // the server is PID 1 and runs as postgres
        assertThat(cli.ok("exec", pg, "sh", "-c", "cat /proc/1/comm; stat -c %U /proc/1 /var/run/postgresql"))
                .isEqualTo("postgres\npostgres\npostgres");
        assertThat(psql(pg, "s3cret-" + sfx, "CREATE TABLE ticks(t timestamptz NOT NULL, p numeric);"
                + " SELECT create_hypertable('ticks', 't');"
                + " INSERT INTO ticks VALUES (now(), 42.5);").ok()).isTrue();

        // clean shutdown on docker stop, then a new container on the same volume: no re-init
        cli.ok("stop", "-t", "30", pg);
        assertThat(cli.ok("inspect", "--format", "{{.State.ExitCode}}", pg)).isEqualTo("0");
        assertThat(cli.logs(pg)).contains("database system is shut down");
        cli.ok("rm", pg);
        String pg2 = cli.container("stackctl-it-pg2-" + sfx);
        startPostgres(pg2, volume, "a-different-password");
        assertThat(cli.logs(pg2)).contains("skipping initialisation").doesNotContain("initialising a new cluster");
        assertThat(psql(pg2, "s3cret-" + sfx, "SELECT p FROM ticks").stdout().strip()).isEqualTo("42.5");
        assertThat(psql(pg2, "a-different-password", "SELECT 1").ok()).as("password of the second start is ignored").isFalse();
    }

    @Test
    void timescaledbRefusesToInitialiseWithoutAPassword() {
        String pg = cli.container("stackctl-it-pgnopw-" + sfx);
        cli.ok("run", "-d", "--name", pg, PG);
        String exit = cli.docker(Duration.ofSeconds(60), "wait", pg).stdout().strip();
        assertThat(exit).isEqualTo("1");
        assertThat(cli.logs(pg)).contains("POSTGRES_PASSWORD is not set");
    }

    @Test
    void redisRequiresItsPasswordAndRunsAsRedis() {
        String redis = cli.container("stackctl-it-redis-" + sfx);
        cli.ok("run", "-d", "--name", redis, "--network", net, REDIS,
                "redis-server", "--requirepass", "pw-" + sfx, "--appendonly", "yes");
        cli.await(START_LIMIT, r -> r.stdout().strip().equals("PONG"),
                "exec", redis, "redis-cli", "-a", "pw-" + sfx, "--no-auth-warning", "ping");
        assertThat(cli.docker("exec", redis, "redis-cli", "ping").stdout()).contains("NOAUTH");
        String fromPeer = cli.ok("run", "--rm", "--name", cli.container("stackctl-it-redis-cli-" + sfx), "--network", net,
                REDIS, "redis-cli", "-h", redis, "-a", "pw-" + sfx, "--no-auth-warning", "ping");
        assertThat(fromPeer).isEqualTo("PONG");
        assertThat(cli.ok("exec", redis, "sh", "-c", "id -un; stat -c %U /data; cat /proc/1/comm"))
                .isEqualTo("redis\nredis\nredis-server");
    }

    @Test
    void nginxServesAFileAsUid101(@TempDir Path tmp) throws IOException {
        String token = "stackctl-it-" + sfx;
        Path page = tmp.resolve("it.html");
        Files.writeString(page, token + "\n");
        String nginx = cli.container("stackctl-it-nginx-" + sfx);
        cli.ok("create", "--name", nginx, "--user", "101", "--network", net, NGINX);
        cli.ok("cp", page.toString(), nginx + ":/usr/share/nginx/html/it.html");
        cli.ok("start", nginx);
        ExternalProcess.Result served = cli.await(START_LIMIT, ExternalProcess.Result::ok, "run", "--rm",
                "--name", cli.container("stackctl-it-wget-" + sfx), "--network", net, NGINX, "wget", "-qO-", "http://" + nginx + "/it.html");
        assertThat(served.stdout().strip()).isEqualTo(token);
        assertThat(cli.ok("exec", nginx, "sh", "-c", "grep '^Uid:' /proc/1/status; cat /proc/1/comm"))
                .matches("Uid:\\s+101\\s+101\\s+101\\s+101\\nnginx");
        assertThat(cli.ok("image", "inspect", "--format", "{{.Config.StopSignal}} {{json .Config.Cmd}}", NGINX))
                .isEqualTo("SIGQUIT [\"nginx\",\"-g\",\"daemon off;\"]");
    }

    @Test
    void nodeRunsNpmAndNpmCiWorksInADockerBuild(@TempDir Path ctx) throws IOException {
        assertThat(cli.ok("run", "--rm", "--name", cli.container("stackctl-it-node-" + sfx), NODE, "node", "--version"))
                .startsWith("v20.");
        assertThat(cli.ok("run", "--rm", "--name", cli.container("stackctl-it-npm-" + sfx), NODE, "npm", "--version"))
                .matches("\\d+\\.\\d+\\.\\d+");
        Files.writeString(ctx.resolve("package.json"), """
                {"name": "stackctl-it", "version": "1.0.0", "private": true, "dependencies": {"ms": "2.1.3"}}
                """);
        Files.writeString(ctx.resolve("package-lock.json"), """
                {
                  "name": "stackctl-it", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
                  "packages": {
                    "": {"name": "stackctl-it", "version": "1.0.0", "dependencies": {"ms": "2.1.3"}},
                    "node_modules/ms": {
                      "version": "2.1.3",
                      "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
                      "license": "MIT"
                    }
                  }
                }
                """);
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM %s
                COPY package.json package-lock.json ./
                RUN npm ci && node -e "process.stdout.write(String(require('ms')('2m')))" > /app/out.txt
                """.formatted(NODE));
        String tag = cli.image("stackctl-it-npm-ci:" + sfx);
        ExternalProcess.Result build = cli.docker(Duration.ofMinutes(5), "build", "--no-cache", "--progress=plain", "-t", tag, ctx.toString());
        assertThat(build.ok()).as(build.describeFailure()).isTrue();
        assertThat(cli.ok("run", "--rm", "--name", cli.container("stackctl-it-npm-out-" + sfx), tag, "cat", "/app/out.txt"))
                .isEqualTo("120000");
    }

    /** After a rebuild, the images it untagged go, but only stackctl's and only those no container uses. */
    @Test
    void pruneRemovesOnlyUntaggedStackctlImagesThatNoContainerUses(@TempDir Path ctx) throws IOException {
        String unused = cli.image(untaggedBuild(ctx, "unused")); // removed by close() should the prune miss it
        String used = cli.image(untaggedBuild(ctx, "used"));
        cli.ok("create", "--name", cli.container("stackctl-it-prune-" + sfx), used);
        Path emptyTar = ctx.resolve("empty.tar");
        Files.write(emptyTar, new byte[1024]); // an empty tar archive: an untagged image that is not stackctl's
        String foreign = cli.image(cli.ok("import", emptyTar.toString()));

        java.util.Optional<String> said = BaseImages.pruneSuperseded();

        assertThat(said).as("what up and images build print").isPresent();
        assertThat(said.get()).matches("removed [1-9][0-9]* superseded stackctl images? \\(untagged by a rebuild, used by no container\\)");
        assertThat(cli.docker("image", "inspect", unused).ok()).as("untagged, stackctl's, unused: removed").isFalse();
        assertThat(cli.docker("image", "inspect", used).ok()).as("a container uses it: kept").isTrue();
        assertThat(cli.docker("image", "inspect", foreign).ok()).as("not built from a stackctl recipe: kept").isTrue();
        assertThat(cli.docker("image", "inspect", REDIS).ok()).as("tagged: kept").isTrue();
        assertThat(BaseImages.pruneSuperseded()).as("nothing left to remove: nothing said").isEmpty();
    }

    /** An image built on a stackctl base (so it carries the recipe label) and left without a tag. */
    private String untaggedBuild(Path ctx, String what) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + REDIS + "\nRUN echo " + what + "-" + sfx + " > /tmp/stackctl-it.txt\n");
        ExternalProcess.Result r = cli.docker(Duration.ofMinutes(2), "build", "--quiet", ctx.toString());
        assertThat(r.ok()).as(r.describeFailure()).isTrue();
        return r.stdout().strip();
    }

    @Test
    void jreIsJava21() {
        ExternalProcess.Result r = cli.docker("run", "--rm", "--name", cli.container("stackctl-it-jre-" + sfx), JRE, "java", "-version");
        assertThat(r.ok()).isTrue();
        assertThat(r.stderr()).contains("openjdk version \"21.");
        assertThat(cli.ok("run", "--rm", "--name", cli.container("stackctl-it-jre-curl-" + sfx), JRE, "bash", "-c",
                "echo $JAVA_HOME; curl --version | head -1")).startsWith("/usr/lib/jvm/java-21-openjdk-amd64\ncurl 8.");
    }

    private void startPostgres(String name, String volume, String password) {
        cli.ok("run", "-d", "--name", name, "--network", net,
                "-e", "POSTGRES_USER=tracker", "-e", "POSTGRES_PASSWORD=" + password, "-e", "POSTGRES_DB=stocks",
                "-v", volume + ":/var/lib/postgresql/data", PG);
        // over TCP: the init-time server listens on a private socket only, so this is the real server
        cli.await(START_LIMIT, ExternalProcess.Result::ok, "exec", name, "pg_isready", "-h", "127.0.0.1", "-U", "tracker", "-d", "stocks");
    }

    /** psql from a second container on the network: a remote, password-authenticated login. */
    private ExternalProcess.Result psql(String server, String password, String sql) {
        return cli.docker("run", "--rm", "--name", cli.container("stackctl-it-psql-" + sfx + "-" + ThreadLocalRandom.current().nextInt(1 << 20)),
                "--network", net, "-e", "PGPASSWORD=" + password, PG,
                "psql", "-h", server, "-U", "tracker", "-d", "stocks", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql);
    }
}
