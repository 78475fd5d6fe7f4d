package dev.stackctl.model;

/** A top-level network; driver null means the engine's default (bridge). */
public record Network(String name, String driver) {
    public Network {
        Names.requireResourceName(name, "network");
    }

    public static Network bridge(String name) {
        return new Network(name, "bridge");
    }
}
