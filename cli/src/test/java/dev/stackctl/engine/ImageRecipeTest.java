package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRecipeTest {
    @TempDir
    Path tmp;

    @Test
    void theProjectsRecipesCarryTheAgreedTags() throws IOException {
        Map<String, String> expected = Map.of(
                "timescaledb", "stackctl/timescaledb:2.19-pg17",
                "redis", "stackctl/redis:8.0",
                "nginx", "stackctl/nginx:1.26",
                "node", "stackctl/node:20",
                "jre", "stackctl/jre:21");
        for (var e : expected.entrySet()) {
            ImageRecipe r = ImageRecipe.load(RecipeFixtures.recipesDir().resolve(e.getKey()));
            assertThat(r.tag()).isEqualTo(e.getValue());
            assertThat(r.suite()).isEqualTo("trixie");
        }
    }

    @Test
    void dockerfileIsRenderedOntoTheRootfsTagAndMetadataStaysOutOfTheContext() throws IOException {
        ImageRecipe r = ImageRecipe.load(RecipeFixtures.recipesDir().resolve("timescaledb"));
        assertThat(r.files().get("Dockerfile")).contains("FROM stackctl/rootfs-timescaledb:build").doesNotContain("{{");
        assertThat(r.contextFiles()).containsOnlyKeys("Dockerfile", "docker-entrypoint.sh");
        assertThat(r.hasCustomizeScript()).isTrue();
        assertThat(r.packages()).containsExactly("postgresql-17", "postgresql-17-timescaledb");
    }

    @Test
    void packagesIgnoreCommentsAndBlankLinesAndRejectJunk() {
        assertThat(ImageRecipe.parsePackages("# c\n\nnginx  # web\nwget\nfoo/trixie\n", "p"))
                .containsExactly("nginx", "wget", "foo/trixie");
        assertThatThrownBy(() -> ImageRecipe.parsePackages("nginx wget\n", "x/packages"))
                .hasMessageContaining("x/packages:1")
                .hasMessageContaining("'nginx wget'");
        assertThatThrownBy(() -> ImageRecipe.parsePackages("# nothing\n", "x/packages"))
                .hasMessageContaining("no packages listed");
    }

    @Test
    void unknownPlaceholderIsAnErrorNamingFileAndPlaceholder() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        Files.writeString(dir.resolve("Dockerfile"), "FROM {{rootfs_image}}\nLABEL x={{nope}}\n");
        assertThatThrownBy(() -> ImageRecipe.load(dir))
                .isInstanceOf(ImageRecipe.RecipeException.class)
                .hasMessageContaining("templates/images/redis/Dockerfile")
                .hasMessageContaining("nope (line 2)");
    }

    @Test
    void missingTagIsAnErrorNamingTheFieldAndTheFix() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\nvariant=apt\n");
        assertThatThrownBy(() -> ImageRecipe.load(dir))
                .hasMessageContaining("recipe.properties: 'tag' is missing")
                .hasMessageContaining("tag=stackctl/redis:8.0");
    }

    @Test
    void malformedTagIsRejected() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        Files.writeString(dir.resolve("recipe.properties"), "tag=Stackctl/Redis\nsuite=trixie\nvariant=apt\n");
        assertThatThrownBy(() -> ImageRecipe.load(dir)).hasMessageContaining("tag='Stackctl/Redis' is malformed");
    }

    @Test
    void dockerfileMustBuildOnTheImportedRootfs() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        Files.writeString(dir.resolve("Dockerfile"), "FROM debian:trixie\n");
        assertThatThrownBy(() -> ImageRecipe.load(dir)).hasMessageContaining("start it with FROM {{rootfs_image}}");
    }

    @Test
    void missingDockerfileIsNamed() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        Files.delete(dir.resolve("Dockerfile"));
        assertThatThrownBy(() -> ImageRecipe.load(dir)).hasMessageContaining("missing file 'Dockerfile'");
    }
}
