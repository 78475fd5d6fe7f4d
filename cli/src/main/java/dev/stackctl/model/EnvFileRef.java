package dev.stackctl.model;

/**
 * A service's {@code env_file} entry: the file, and whether it must exist ({@code required: false} lets
 * compose go on without it).
 */
public record EnvFileRef(String path, boolean required) {
    public EnvFileRef {
        Names.requireNonBlank(path, "env_file path");
    }

    public static EnvFileRef of(String path) {
        return new EnvFileRef(path, true);
    }
}
