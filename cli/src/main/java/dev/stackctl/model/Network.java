package dev.stackctl.model;

/**
 * A top-level network; driver null means the engine's default (bridge). An {@code external} network exists
 * already and is not created; {@code engineName} is its {@code name:} on the engine (null: project_key).
 * {@code unmodelled} holds the keys read from a file that the model has no field for ({@code labels},
 * {@code ipam}, {@code internal}, ...), as written.
 */
public record Network(String name, String driver, boolean external, String engineName, java.util.Map<String, RawValue> unmodelled) {
    public Network {
        Names.requireResourceName(name, "network");
        unmodelled = RawValues.copy(unmodelled);
    }

    public Network(String name, String driver, boolean external, String engineName) {
        this(name, driver, external, engineName, null);
    }

    public Network(String name, String driver) {
        this(name, driver, false, null);
    }

    public static Network bridge(String name) {
        return new Network(name, "bridge");
    }
}
