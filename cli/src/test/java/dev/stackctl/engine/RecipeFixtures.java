package dev.stackctl.engine;

import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the project's real recipes, for tests that change bytes in them. */
final class RecipeFixtures {
    private RecipeFixtures() {}

    static Path recipesDir() {
        return ProjectLayout.locate().templates().resolve("images");
    }

    /** Copies {@code templates/images/<name>} to {@code parent/<name>} and returns the copy. */
    static Path copyRecipe(String name, Path parent) {
        Path source = recipesDir().resolve(name);
        Path target = parent.resolve(name);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
