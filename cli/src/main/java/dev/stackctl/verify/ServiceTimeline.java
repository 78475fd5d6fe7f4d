package dev.stackctl.verify;

import java.time.Instant;

/** When a service's container was created, started and first seen healthy (null when it was not). */
public record ServiceTimeline(String service, Instant created, Instant started, Instant healthy, String state, String health, int restarts) {}
