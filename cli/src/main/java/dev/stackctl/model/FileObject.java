package dev.stackctl.model;

/**
 * A top-level secret or config: its key, where its content comes from (a file next to the stack file, or
 * an existing object when {@code external}), and optionally the engine-side {@code name}. Secrets and
 * configs cannot change once created, so a name that changes with the content lets an update replace them.
 * {@code unmodelled} holds the keys read from a file that the model has no field for ({@code labels},
 * {@code driver}, {@code template_driver}, ...), as written.
 */
public record FileObject(String key, String file, boolean external, String name, String environment, String content,
                         java.util.Map<String, RawValue> unmodelled) {
    public FileObject {
        Names.requireResourceName(key, "secret or config");
        unmodelled = RawValues.copy(unmodelled);
        int sources = (file != null ? 1 : 0) + (external ? 1 : 0) + (environment != null ? 1 : 0) + (content != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("'" + key + "' needs exactly one of file:, environment:, content: or external: true");
        }
    }

    public FileObject(String key, String file, boolean external, String name) {
        this(key, file, external, name, null, null);
    }

    public FileObject(String key, String file, boolean external, String name, String environment, String content) {
        this(key, file, external, name, environment, content, null);
    }

    public static FileObject fromFile(String key, String file) {
        return new FileObject(key, file, false, null);
    }

    public FileObject withName(String engineName) {
        return new FileObject(key, file, external, engineName, environment, content, unmodelled);
    }
}
