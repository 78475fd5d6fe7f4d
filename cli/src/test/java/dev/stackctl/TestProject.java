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
    public static Path composeSchema() {
        return testOracle("dclint/schemas/compose.schema.json", "the Compose schema");
    }

    /** The SARIF 2.1.0 schema as @microsoft/jest-sarif (pinned beside dclint) ships it. */
    public static Path sarifSchema() {
        return testOracle("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", "the SARIF schema");
    }

    private static Path testOracle(String inNodeModules, String what) {
        Path p = root().resolve("cli/src/test/npm/node_modules").resolve(inNodeModules);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(what + " is expected at " + p
                    + "; run the tests through Maven (it runs npm ci in cli/src/test/npm), or run npm ci there");
        }
        return p;
    }
}
