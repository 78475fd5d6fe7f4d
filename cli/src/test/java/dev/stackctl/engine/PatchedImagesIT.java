package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.apt.ArchiveCache;
import dev.stackctl.apt.ArchiveIndex;
import dev.stackctl.apt.ReleaseFile;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images are built from the suite, its updates and its security archive: inside each freshly
 * built image, apt against those same sources finds nothing to upgrade, the package record in the
 * image's label is exactly what dpkg has installed, and SOURCE_DATE_EPOCH is the archives' newest
 * Release date. Runs on copies of all five real recipes under private names and tags (so the shared base
 * images are left alone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatchedImagesIT {
    private static final List<String> RECIPES = List.of("jre", "nginx", "node", "redis", "timescaledb");

    private final String sfx = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final ContainerCli cli = new ContainerCli();
    private Path project;
    private BaseImages images;
    private DebianArchives archives;
    private final Map<String, String> tags = new TreeMap<>();

    @BeforeAll
    void buildCopies(@TempDir Path tmp) throws IOException {
        project = tmp;
        Path dir = project.resolve("templates/images");
        for (String r : RECIPES) {
            String name = "it-" + r;
            Path copy = RecipeFixtures.copyRecipe(r, dir);
            Path renamed = dir.resolve(name);
            Files.move(copy, renamed);
            String tag = cli.image("stackctl-it/" + r + ":" + sfx);
            String props = Files.readString(renamed.resolve("recipe.properties")).replaceAll("(?m)^tag=.*$", "tag=" + tag);
            Files.writeString(renamed.resolve("recipe.properties"), props);
            tags.put(name, tag);
        }
        images = new BaseImages(new ProjectLayout(project));
        archives = images.archives(null, null);
        List<BaseImages.Outcome> built = images.build(List.copyOf(tags.keySet()), Set.copyOf(tags.keySet()), null, null,
                ProgressSink.printingTo(new PrintWriter(System.err, true)));
        assertThat(built).hasSize(RECIPES.size()).allSatisfy(o -> assertThat(o.built()).as(o.tag()).isTrue());
    }

    @AfterAll
    void cleanUp() {
        for (String name : tags.keySet()) {
            for (String t : cli.ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", ImageRecipe.rootfsCacheRepository(name)).lines().toList()) {
                if (!t.isBlank()) {
                    cli.docker("image", "rm", t);
                }
            }
        }
        cli.close();
    }

    @Test
    @Order(1)
    void aptFindsNothingToUpgradeInsideEachImageAgainstTheSameSources() {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String sources = String.join("\n", archives.mmdebstrapMirrors("trixie"));
            String script = "printf '%s\\n' \"$SOURCES\" > /etc/apt/sources.list && rm -f /etc/apt/sources.list.d/* && "
                    + "apt-get update -qq >/dev/null && apt-get -s upgrade | grep -E '^[0-9]+ upgraded' ; "
                    + "apt-get -s upgrade | grep '^Inst ' || true";
            ExternalProcess.Result r = cli.docker(Duration.ofMinutes(3), "run", "--rm", "--user", "root", "--entrypoint", "sh",
                    "--name", cli.container("stackctl-it-upgrade-" + e.getKey() + "-" + sfx), "-e", "SOURCES=" + sources,
                    e.getValue(), "-c", script);
            assertThat(r.ok()).as(r.describeFailure()).isTrue();
            assertThat(r.stdout().strip()).as(e.getValue() + ": apt-get -s upgrade against " + sources)
                    .isEqualTo("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
        }
    }

    @Test
    @Order(1)
    void theDpkgLabelIsWhatDpkgHasInstalled() {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String label = cli.ok("image", "inspect", "--format", "{{index .Config.Labels \"" + ImageBuildCommands.DPKG_LABEL + "\"}}",
                    e.getValue());
            SortedMap<String, String> recorded = ImageBuildCommands.parseDpkgLabel(label);
            String installed = cli.ok("run", "--rm", "--user", "root", "--entrypoint", "dpkg-query",
                    "--name", cli.container("stackctl-it-dpkg-" + e.getKey() + "-" + sfx), e.getValue(),
                    "-W", "-f", "${Package}:${Architecture}=${Version}\\n");
            SortedMap<String, String> actual = ImageBuildCommands.parseDpkgLabel(installed.replace('\n', ' '));
            assertThat(recorded).as(e.getValue()).hasSizeGreaterThan(50).isEqualTo(actual);
        }
    }

    @Test
    @Order(1)
    void sourceDateEpochIsTheArchivesNewestReleaseDate() throws IOException {
        List<ReleaseFile> releases = new ArchiveIndex(new ArchiveCache(ArchiveCache.defaultDir())).releases(archives, "trixie");
        Instant newest = releases.stream().map(ReleaseFile::date).max(Instant::compareTo).orElseThrow();
        for (String tag : tags.values()) {
            assertThat(cli.ok("image", "inspect", "--format",
                    "{{index .Config.Labels \"" + ImageBuildCommands.EPOCH_LABEL + "\"}}", tag)).isEqualTo(Long.toString(newest.getEpochSecond()));
            assertThat(cli.ok("image", "inspect", "--format",
                    "{{index .Config.Labels \"" + ImageBuildCommands.SOURCES_LABEL + "\"}}", tag))
                    .isEqualTo(String.join("; ", archives.mmdebstrapMirrors("trixie")));
        }
    }

    @Test
    @Order(2)
    void freshlyBuiltImagesAreCurrentAndABuildKeepsThem() {
        ImageStatus.Report report = new ImageStatus(images, new ArchiveCache(ArchiveCache.defaultDir()))
                .check(List.copyOf(tags.keySet()), archives);
        assertThat(report.archiveNote()).isEmpty();
        assertThat(report.entries()).hasSize(RECIPES.size()).allSatisfy(e -> {
            assertThat(e.state()).as(e.tag()).isEqualTo("current");
            assertThat(e.packages()).isGreaterThan(50);
        });
        assertThat(ImageStatus.warnings(images, new ArchiveCache(ArchiveCache.defaultDir()), List.copyOf(tags.keySet())))
                .as("what verify warns about current images").isEmpty();
        List<BaseImages.Outcome> again = images.buildCurrent(List.copyOf(tags.keySet()), null, null, line -> {}, ProgressSink.NONE);
        assertThat(again).allSatisfy(o -> assertThat(o.built()).as(o.tag()).isFalse());
    }

    /**
     * An image whose package record says it holds an older nginx than the archive has (as a build of
     * last month would) is behind by one security fix; images build rebuilds exactly it from a fresh
     * root file system and keeps the other. The rebuild, from the same state of the archive, has the
     * same root file system digest as the first build (SOURCE_DATE_EPOCH from the Release files).
     */
    @Test
    @Order(3)
    void aBehindImageIsRebuiltFreshTheOtherIsKeptAndTheRootfsDigestRepeats(@TempDir Path ctx) throws IOException {
        String tag = tags.get("it-nginx");
        String rootfsBefore = cli.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", tag);
        String label = cli.ok("image", "inspect", "--format", "{{index .Config.Labels \"" + ImageBuildCommands.DPKG_LABEL + "\"}}", tag);
        String nginxVersion = ImageBuildCommands.parseDpkgLabel(label).get("nginx:amd64");
        String aged = label.replace("nginx:amd64=" + nginxVersion, "nginx:amd64=1.26.3-3");
        assertThat(aged).isNotEqualTo(label);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + tag + "\nLABEL " + ImageBuildCommands.DPKG_LABEL + "=\"" + aged + "\"\n");
        ExternalProcess.Result b = cli.docker(Duration.ofMinutes(2), "build", "-t", tag, ctx.toString());
        assertThat(b.ok()).as(b.describeFailure()).isTrue();

        ImageStatus.Report report = new ImageStatus(images, new ArchiveCache(ArchiveCache.defaultDir()))
                .check(List.copyOf(tags.keySet()), archives);
        assertThat(report.behind()).singleElement().satisfies(e -> {
            assertThat(e.tag()).isEqualTo(tag);
            assertThat(e.upgrades()).singleElement().satisfies(u -> {
                assertThat(u.nameArch()).isEqualTo("nginx:amd64");
                assertThat(u.installed()).isEqualTo("1.26.3-3");
                assertThat(u.available()).isEqualTo(nginxVersion);
            });
            assertThat(e.securityFixes()).as("nginx's newest version is in trixie-security").isEqualTo(1);
        });

        // verify warns about it with the command that fixes it (and about nothing else)
        assertThat(ImageStatus.warnings(images, new ArchiveCache(ArchiveCache.defaultDir()), List.copyOf(tags.keySet())))
                .containsExactly(tag + " is behind the archive: 1 packages have newer versions, 1 of them security fixes. "
                        + "Fix: ./stackctl images build it-nginx && ./stackctl up --airgap");

        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<BaseImages.Outcome> rebuilt = images.buildCurrent(List.copyOf(tags.keySet()), null, null, notes::add,
                ProgressSink.printingTo(new PrintWriter(System.err, true)));
        assertThat(rebuilt).filteredOn(BaseImages.Outcome::built).extracting(BaseImages.Outcome::tag).containsExactly(tag);
        assertThat(notes).anyMatch(n -> n.startsWith(tag + " is behind the archive (1 packages, 1 security fixes)"));
        assertThat(cli.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", tag))
                .as("root file system digest of a second build from the same archive state").isEqualTo(rootfsBefore);
        assertThat(new ImageStatus(images, new ArchiveCache(ArchiveCache.defaultDir())).check(List.copyOf(tags.keySet()), archives)
                .behind()).isEmpty();
    }
}
