package dev.stackctl.model;

/** A top-level named volume; driver null means the engine's default (local). */
public record Volume(String name, String driver) {
    public Volume {
        Names.requireResourceName(name, "volume");
    }

    public static Volume local(String name) {
        return new Volume(name, null);
    }
}
