package dev.stackctl.validate;

import java.util.Comparator;

/**
 * One problem found in a stack.
 *
 * @param path the Compose spec path, e.g. {@code services.db.healthcheck.interval}
 * @param ruleId a stable id, e.g. {@code dependency-cycle}
 * @param message what is wrong and how to fix it
 */
public record Finding(String path, String ruleId, Severity severity, String message) implements Comparable<Finding> {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::path).thenComparing(Finding::ruleId).thenComparing(Finding::message);

    public static Finding error(String path, String ruleId, String message) {
        return new Finding(path, ruleId, Severity.ERROR, message);
    }

    public static Finding warning(String path, String ruleId, String message) {
        return new Finding(path, ruleId, Severity.WARNING, message);
    }

    @Override
    public int compareTo(Finding o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return severity.label() + " " + path + " [" + ruleId + "] " + message;
    }
}
