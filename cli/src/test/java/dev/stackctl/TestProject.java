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

    /**
     * The official Compose specification schema, as the npm package dclint (pinned in
     * cli/src/test/npm/package-lock.json) ships it; Maven installs it before the tests. The tests fail,
     * not skip, when it is missing.
     */
    /** The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (pinned in cli/src/test/npm). */
    public static Path sarifSchema() {
        Path p = root().resolve("cli/src/test/npm/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("the SARIF schema is expected at " + p
                    + "; run the tests through Maven (it runs npm ci in cli/src/test/npm), or run npm ci there");
        }
        return p;
    }

    public static Path composeSchema() {
        Path p = root().resolve("cli/src/test/npm/node_modules/dclint/schemas/compose.schema.json");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("the Compose schema is expected at " + p
                    + "; run the tests through Maven (it runs npm ci in cli/src/test/npm), or run npm ci there");
        }
        return p;
    }
}
