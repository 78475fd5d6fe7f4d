package dev.stackctl.verify;

import dev.stackctl.model.StackDefinition;
import java.util.List;

/**
 * A check that probes through nginx: it needs the backend and the data stores healthy and nginx merely
 * running (its own health probe may still be pending while it already proxies). Such checks retry,
 * every {@link #RETRY}, until nginx answers.
 */
interface ThroughProxy extends Readiness {
    /** Between two attempts while nginx is not answering yet. */
    java.time.Duration RETRY = java.time.Duration.ofMillis(100);

    @Override
    default List<String> needsHealthy(StackDefinition definition) {
        String proxy = definition.roles().proxy().service();
        return definition.stack().serviceNames().stream().filter(s -> !s.equals(proxy)).toList();
    }

    @Override
    default List<String> needsRunning(StackDefinition definition) {
        return List.of(definition.roles().proxy().service());
    }
}
