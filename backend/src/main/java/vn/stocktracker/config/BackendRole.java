package vn.stocktracker.config;

import java.util.Locale;

/**
 * What one backend process does ({@code BACKEND_ROLE}). One jar and one image serve all three:
 * <ul>
 *   <li>{@code all}: source, processor, database writer, REST and WebSocket in one process (the default);</li>
 *   <li>{@code collector}: as {@code all}, and it publishes the processor's changes to Redis Streams for the
 *       API replicas; only one collector is active at a time (a Redis lease), others wait as standbys;</li>
 *   <li>{@code api}: no source and no database writes; the live market comes from the streams, history
 *       from the database through a read-only role.</li>
 * </ul>
 */
public enum BackendRole {
    ALL, COLLECTOR, API;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code s} (case-insensitive), or null. */
    public static BackendRole parse(String s) {
        for (BackendRole r : values()) {
            if (r.wire().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        return null;
    }
}
