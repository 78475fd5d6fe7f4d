package dev.stackctl.model;

/**
 * A top-level network; driver null means the engine's default (bridge). An {@code external} network exists
 * already and is not created; {@code engineName} is its {@code name:} on the engine (null: project_key).
 */
public record Network(String name, String driver, boolean external, String engineName) {
    public Network {
        Names.requireResourceName(name, "network");
    }

    public Network(String name, String driver) {
        this(name, driver, false, null);
    }

    public static Network bridge(String name) {
        return new Network(name, "bridge");
    }
}
