package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeHashTest {
    private static final SortedMap<String, byte[]> NO_CA = new TreeMap<>();

    @TempDir
    Path tmp;

    @Test
    void sameRecipeInAnotherDirectoryHasTheSameHash() throws IOException {
        for (String name : List.of("timescaledb", "redis", "nginx", "node", "jre")) {
            String original = RecipeHash.of(ImageRecipe.load(RecipeFixtures.recipesDir().resolve(name)), NO_CA);
            String copy = RecipeHash.of(ImageRecipe.load(RecipeFixtures.copyRecipe(name, tmp.resolve("a"))), NO_CA);
            String again = RecipeHash.of(ImageRecipe.load(RecipeFixtures.copyRecipe(name, tmp.resolve("b"))), NO_CA);
            assertThat(copy).as(name).isEqualTo(original).isEqualTo(again).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void everyRecipesHashDiffers() throws IOException {
        List<String> hashes = Stream.of("timescaledb", "redis", "nginx", "node", "jre")
                .map(n -> hash(RecipeFixtures.recipesDir().resolve(n)))
                .toList();
        assertThat(hashes).doesNotHaveDuplicates();
    }

    /**
     * Changes one byte of each file of the recipe in turn (inside its last comment, so the recipe
     * stays valid): every change shows, and restoring the byte restores the hash.
     */
    @Test
    void changingAnyByteOfAnyRecipeFileChangesTheHash() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("timescaledb", tmp);
        String before = hash(dir);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("Dockerfile", "packages", "recipe.properties", "docker-entrypoint.sh", "rootfs-customize.sh");
        for (Path f : files) {
            byte[] original = Files.readAllBytes(f);
            byte[] changed = original.clone();
            int at = new String(original, StandardCharsets.ISO_8859_1).lastIndexOf('#') + 1;
            assertThat(at).as("%s has a comment", f.getFileName()).isPositive().isLessThan(changed.length);
            changed[at] = (byte) (changed[at] == 'x' ? 'y' : 'x');
            Files.write(f, changed);
            assertThat(hash(dir)).as("after changing %s", f.getFileName()).isNotEqualTo(before);
            Files.write(f, original);
            assertThat(hash(dir)).as("after restoring %s", f.getFileName()).isEqualTo(before);
        }
    }

    @Test
    void rootfsHashIgnoresTheDockerfileAndEntrypointButNotPackagesOrCustomizeScript() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("timescaledb", tmp);
        String rootfs = rootfsHash(dir);
        String full = hash(dir);
        Files.writeString(dir.resolve("Dockerfile"), "\nLABEL extra=1\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("docker-entrypoint.sh"), "\n# more\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(hash(dir)).isNotEqualTo(full);
        assertThat(rootfsHash(dir)).isEqualTo(rootfs);
        Files.writeString(dir.resolve("rootfs-customize.sh"), "\n# more\n", java.nio.file.StandardOpenOption.APPEND);
        String afterCustomize = rootfsHash(dir);
        assertThat(afterCustomize).isNotEqualTo(rootfs);
        Files.writeString(dir.resolve("packages"), "less\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(rootfsHash(dir)).isNotEqualTo(afterCustomize).isNotEqualTo(rootfs);
    }

    @Test
    void aNewFileInTheRecipeChangesTheHash() throws IOException {
        Path dir = RecipeFixtures.copyRecipe("redis", tmp);
        String before = hash(dir);
        Files.writeString(dir.resolve("extra.conf"), "maxmemory 64mb\n");
        assertThat(hash(dir)).isNotEqualTo(before);
    }

    @Test
    void hostCaCertificatesArePartOfTheHash() throws IOException {
        ImageRecipe node = ImageRecipe.load(RecipeFixtures.recipesDir().resolve("node"));
        SortedMap<String, byte[]> ca = new TreeMap<>();
        ca.put("corp.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII));
        SortedMap<String, byte[]> otherCa = new TreeMap<>();
        otherCa.put("corp.crt", "-----BEGIN CERTIFICATE-----\nAAAB\n".getBytes(StandardCharsets.US_ASCII));
        String none = RecipeHash.of(node, NO_CA);
        String one = RecipeHash.of(node, ca);
        assertThat(one).isNotEqualTo(none).isEqualTo(RecipeHash.of(node, ca));
        assertThat(RecipeHash.of(node, otherCa)).isNotEqualTo(one);
    }

    private static String rootfsHash(Path dir) throws IOException {
        return RecipeHash.rootfs(ImageRecipe.load(dir), NO_CA);
    }

    private static String hash(Path dir) {
        try {
            return RecipeHash.of(ImageRecipe.load(dir), NO_CA);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
