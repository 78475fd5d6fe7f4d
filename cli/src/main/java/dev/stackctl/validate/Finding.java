package dev.stackctl.validate;

import dev.stackctl.compose.Position;
import dev.stackctl.compose.Problem;
import java.util.Comparator;

/**
 * One problem found in a stack.
 *
 * @param path the Compose spec path, e.g. {@code services.db.healthcheck.interval}
 * @param ruleId a stable id, e.g. {@code dependency-cycle}
 * @param message what is wrong and how to fix it
 * @param at where in the file the path was written; null for a stack that was not read from a file
 */
public record Finding(String path, String ruleId, Severity severity, String message, Position at) implements Comparable<Finding> {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::path).thenComparing(Finding::ruleId).thenComparing(Finding::message);

    public Finding(String path, String ruleId, Severity severity, String message) {
        this(path, ruleId, severity, message, null);
    }

    public static Finding error(String path, String ruleId, String message) {
        return new Finding(path, ruleId, Severity.ERROR, message);
    }

    public static Finding warning(String path, String ruleId, String message) {
        return new Finding(path, ruleId, Severity.WARNING, message);
    }

    /** A problem met while reading a file, as a finding at the same place. */
    public static Finding of(Problem p) {
        return new Finding(p.path(), p.ruleId(), p.note() ? Severity.NOTE : p.warning() ? Severity.WARNING : Severity.ERROR, p.message(), p.at());
    }

    public Finding at(Position position) {
        return new Finding(path, ruleId, severity, message, position);
    }

    @Override
    public int compareTo(Finding o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return severity.label() + " " + (at == null ? "" : at + " ") + path + " [" + ruleId + "] " + message;
    }
}
