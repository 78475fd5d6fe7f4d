package dev.stackctl.model;

/**
 * A top-level named volume; driver null means the engine's default (local). An {@code external} volume
 * exists already; {@code engineName} is its {@code name:} on the engine (null: project_key).
 */
public record Volume(String name, String driver, boolean external, String engineName) {
    public Volume {
        Names.requireResourceName(name, "volume");
    }

    public Volume(String name, String driver) {
        this(name, driver, false, null);
    }

    public static Volume local(String name) {
        return new Volume(name, null);
    }
}
