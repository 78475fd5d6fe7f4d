package dev.stackctl.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the stock tracker's backend runs. {@link #SINGLE}: one backend process collects, stores and
 * serves (four services). {@link #SCALED}: one collector (source, processor, the only database writer,
 * publishing to Redis streams) and N API replicas (live state from the streams, history read-only from
 * the database) behind nginx; five services built from the same parts.
 */
public enum Topology {
    SINGLE(""), SCALED("scaled");

    private final String directory;

    Topology(String directory) {
        this.directory = directory;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where its files go under generated/ ("" = generated/ itself). */
    public String directory() {
        return directory;
    }

    /** The topology named {@code text}, or an error that lists the names. */
    public static Topology parse(String text) {
        for (Topology t : values()) {
            if (t.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topology '" + text + "'; use one of "
                + Arrays.stream(values()).map(Topology::wire).collect(Collectors.joining(", ")));
    }
}
