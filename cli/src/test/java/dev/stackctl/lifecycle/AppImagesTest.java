package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Artifact;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.StockTrackerStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts (what image builds copy) are built when missing or stale, and only then. */
class AppImagesTest {
    @TempDir
    Path root;

    private final StringWriter log = new StringWriter();

    private AppImages images() {
        return new AppImages(new ProjectLayout(root), StockTrackerStack.definition(), new Steps(new PrintWriter(log, true)));
    }

    private static Artifact artifact(String... command) {
        return new Artifact("out/app.jar", List.of("src"), List.of(command));
    }

    @Test
    void buildsAMissingArtifactWithItsCommandInTheProjectRoot() {
        images().ensure(artifact("sh", "-c", "mkdir -p out && echo built > out/app.jar"));
        assertThat(root.resolve("out/app.jar")).hasContent("built");
        assertThat(log.toString()).contains("building out/app.jar (sh -c").contains("out/app.jar built in");
    }

    @Test
    void keepsAnArtifactNewerThanItsInputsAndRebuildsAStaleOne() throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve("out"));
        Path input = Files.writeString(root.resolve("src/Main.java"), "class Main {}");
        Path jar = Files.writeString(root.resolve("out/app.jar"), "old");
        Files.setLastModifiedTime(input, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(root.resolve("src"), FileTime.fromMillis(1_000_000)); // a directory counts too (files added or removed)
        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        images().ensure(artifact("false")); // would fail if it ran
        assertThat(jar).hasContent("old");

        Files.setLastModifiedTime(input, FileTime.fromMillis(3_000_000));
        images().ensure(artifact("sh", "-c", "echo new > out/app.jar"));
        assertThat(jar).hasContent("new");
    }

    @Test
    void aFailingOrSilentBuildStopsWithTheCommandToRunByHand() {
        assertThatThrownBy(() -> images().ensure(artifact("sh", "-c", "echo broken >&2; exit 3")))
                .isInstanceOf(StackctlException.class).hasMessageContaining("building out/app.jar failed").hasMessageContaining("broken");
        assertThatThrownBy(() -> images().ensure(artifact("true")))
                .isInstanceOf(StackctlException.class).hasMessageContaining("did not write out/app.jar");
    }

    @Test
    void theStackDefinitionNamesTheBackendJarAndItsInputs() {
        Artifact jar = StockTrackerStack.definition().artifacts().get(0);
        assertThat(jar.path()).isEqualTo("backend/target/backend.jar");
        assertThat(jar.inputs()).contains("backend/src/main", "db/migrations");
        assertThat(jar.command().get(0)).isEqualTo("mvnw");
    }
}
