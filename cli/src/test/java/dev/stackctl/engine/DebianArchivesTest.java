package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianArchivesTest {
    @Test
    void securityArchiveIsDerivedByDebiansConvention() {
        assertThat(DebianArchives.deriveSecurity("http://mirror.internal/debian")).isEqualTo("http://mirror.internal/debian-security");
        assertThat(DebianArchives.deriveSecurity("https://m.corp:8443/pub/debian/")).isEqualTo("https://m.corp:8443/pub/debian-security");
        assertThat(DebianArchives.deriveSecurity("http://snap.internal/archive/debian/20251201T000000Z"))
                .isEqualTo("http://snap.internal/archive/debian-security/20251201T000000Z");
        assertThatThrownBy(() -> DebianArchives.deriveSecurity("http://mirror.internal/ubuntu"))
                .hasMessage("cannot derive the security archive from 'http://mirror.internal/ubuntu' (Debian's convention:"
                        + " .../debian -> .../debian-security); pass it with --security-mirror URL");
    }

    @Test
    void sourcesAreSuiteUpdatesAndSecurity() {
        DebianArchives a = DebianArchives.of("http://m/debian", "http://sec.example/debian-security/");
        assertThat(a.security()).isEqualTo("http://sec.example/debian-security");
        assertThat(a.mmdebstrapMirrors("trixie")).containsExactly("deb http://m/debian trixie main",
                "deb http://m/debian trixie-updates main", "deb http://sec.example/debian-security trixie-security main");
        assertThat(a.sources("trixie").get(2).distsUrl()).isEqualTo("http://sec.example/debian-security/dists/trixie-security/");
        assertThatThrownBy(() -> DebianArchives.of("http://m/debian", "sec.example"))
                .hasMessageStartingWith("--security-mirror: 'sec.example' is not an http(s) URL");
    }

    @Test
    void aPinnedRecipeBuildsFromItsArchiveAndItsUrlIsInTheHash(@TempDir Path project) throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", project);
        ImageRecipe unpinned = ImageRecipe.load(dir);
        assertThat(unpinned.pinned()).isNull();
        Files.writeString(dir.resolve("recipe.properties"), "tag=stackctl/redis:8.0\nsuite=trixie\nvariant=apt\n"
                + "archive=http://snap.internal/archive/debian/20251201T000000Z\n");
        ImageRecipe pinned = ImageRecipe.load(dir);
        DebianArchives machine = DebianArchives.of("http://m/debian", null);
        assertThat(pinned.archives(machine).security()).isEqualTo("http://snap.internal/archive/debian-security/20251201T000000Z");
        assertThat(unpinned.archives(machine)).isEqualTo(machine);
        assertThat(RecipeHash.of(pinned, new java.util.TreeMap<>())).isNotEqualTo(RecipeHash.of(unpinned, new java.util.TreeMap<>()));

        Files.writeString(dir.resolve("recipe.properties"), "tag=stackctl/redis:8.0\nsuite=trixie\nvariant=apt\nsecurity-archive=http://x/debian-security\n");
        assertThatThrownBy(() -> ImageRecipe.load(dir)).hasMessage(
                "templates/images/redis/recipe.properties: security-archive is set without archive; pin both or neither");
    }
}
