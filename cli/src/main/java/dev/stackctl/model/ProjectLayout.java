package dev.stackctl.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's directories are. The root is the directory holding {@code templates/}; the
 * launcher passes it as {@code -Dstackctl.root}, otherwise the working directory and its parents are
 * searched.
 */
public record ProjectLayout(Path root) {

    public ProjectLayout {
        root = root.toAbsolutePath().normalize();
    }

    public static ProjectLayout locate() {
        String configured = System.getProperty("stackctl.root");
        if (configured != null && !configured.isBlank()) {
            return new ProjectLayout(Path.of(configured));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("templates")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return new ProjectLayout(p);
            }
        }
        return new ProjectLayout(dir);
    }

    public Path templates() {
        return root.resolve("templates");
    }

    public Path generated() {
        return root.resolve("generated");
    }

    /** Where a definition's files live: generated/ or one of its subdirectories (e.g. generated/scaled). */
    public Path generated(StackDefinition definition) {
        return definition.directory().isEmpty() ? generated() : generated().resolve(definition.directory());
    }
}
