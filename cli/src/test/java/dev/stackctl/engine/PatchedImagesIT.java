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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images are built from the suite, its updates and its security archive: inside each freshly
 * built image, apt against those same sources finds nothing to upgrade, the package record in the
 * image's label is exactly what dpkg has installed, and SOURCE_DATE_EPOCH is the archives' newest
 * Release date. Runs on copies of two real recipes under private names and tags (so the shared base
 * images are left alone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatchedImagesIT {
    private static final List<String> RECIPES = List.of("nginx", "redis");

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
}
