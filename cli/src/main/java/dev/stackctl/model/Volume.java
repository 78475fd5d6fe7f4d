package dev.stackctl.model;

/**
 * A top-level named volume; driver null means the engine's default (local). An {@code external} volume
 * exists already; {@code engineName} is its {@code name:} on the engine (null: project_key).
 * {@code unmodelled} holds the keys read from a file that the model has no field for ({@code labels},
 * {@code driver_opts}), as written.
 */
public record Volume(String name, String driver, boolean external, String engineName, java.util.Map<String, RawValue> unmodelled) {
    public Volume {
        Names.requireResourceName(name, "volume");
        unmodelled = RawValues.copy(unmodelled);
    }

    public Volume(String name, String driver, boolean external, String engineName) {
        this(name, driver, external, engineName, null);
    }

    public Volume(String name, String driver) {
        this(name, driver, false, null);
    }

    public static Volume local(String name) {
        return new Volume(name, null);
    }
}
