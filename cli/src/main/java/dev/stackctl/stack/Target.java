package dev.stackctl.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the stack runs. {@link #COMPOSE}: {@code docker compose} on one engine (either topology).
 * {@link #SWARM}: {@code docker stack deploy} on a Docker Swarm (the scaled topology, see {@link SwarmStack}).
 */
public enum Target {
    COMPOSE, SWARM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target named {@code text}, or an error that lists the names. */
    public static Target parse(String text) {
        for (Target t : values()) {
            if (t.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + text + "'; use one of "
                + Arrays.stream(values()).map(Target::wire).collect(Collectors.joining(", ")));
    }
}
