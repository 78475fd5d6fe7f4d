package dev.stackctl;

import dev.stackctl.model.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project and its shared docs are, for tests. */
public final class TestProject {
    private TestProject() {}

    public static Path root() {
        String configured = System.getProperty("stackctl.root");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("templates"))) {
            throw new IllegalStateException("cannot find the project root (templates/) from " + root + "; run the tests through Maven");
        }
        return root;
    }

    public static ProjectLayout layout() {
        return new ProjectLayout(root());
    }

    /** The official Compose schema in ../shared; the tests fail, not skip, when it is missing. */
    public static Path composeSchema() {
        Path p = root().resolve("../shared/compose-spec/compose-spec.json").normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("the official Compose schema is expected at " + p + " (shared/ beside the checkout)");
        }
        return p;
    }
}
