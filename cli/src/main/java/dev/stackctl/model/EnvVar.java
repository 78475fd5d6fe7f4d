package dev.stackctl.model;

/** One {@code environment} entry: a name and a value that may reference variables. */
public record EnvVar(String name, Interpolated value) {
    public EnvVar {
        Names.requireNonBlank(name, "environment variable name");
        if (name.contains("=")) {
            throw new IllegalArgumentException("environment variable name '" + name + "' must not contain '='");
        }
        if (value == null) {
            value = Interpolated.literal("");
        }
    }

    public static EnvVar literal(String name, String value) {
        return new EnvVar(name, Interpolated.literal(value));
    }

    public static EnvVar of(String name, String composeValue) {
        return new EnvVar(name, Interpolated.parse(composeValue));
    }
}
