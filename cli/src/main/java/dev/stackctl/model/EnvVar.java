package dev.stackctl.model;

/**
 * One {@code environment} entry: a name and a value that may reference variables. A null value is the
 * spec's pass-through ({@code KEY:} or {@code - KEY}): the variable is taken from the shell running
 * compose, or left unset; it is not the same as an empty value.
 */
public record EnvVar(String name, Interpolated value) {
    public EnvVar {
        Names.requireNonBlank(name, "environment variable name");
        if (name.contains("=")) {
            throw new IllegalArgumentException("environment variable name '" + name + "' must not contain '='");
        }
    }

    public static EnvVar passThrough(String name) {
        return new EnvVar(name, null);
    }

    public boolean isPassThrough() {
        return value == null;
    }

    public static EnvVar literal(String name, String value) {
        return new EnvVar(name, Interpolated.literal(value));
    }

    public static EnvVar of(String name, String composeValue) {
        return new EnvVar(name, Interpolated.parse(composeValue));
    }
}
