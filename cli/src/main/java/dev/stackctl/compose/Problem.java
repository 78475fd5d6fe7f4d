package dev.stackctl.compose;

/**
 * What reading a compose file found wrong: where (spec path and position), which rule, how bad (an error,
 * a warning, or with {@code note} only worth knowing), and a message that names the fix. Validation turns
 * these into findings beside its own.
 */
public record Problem(String path, Position at, String ruleId, boolean warning, String message, boolean note) {
    /** A value that is not what the Compose specification allows there. */
    public static final String INVALID_VALUE = "invalid-value";
    /** The text is not YAML, or not a YAML mapping. */
    public static final String YAML_SYNTAX = "yaml-syntax";
    /** The top-level {@code version} key, which Compose v2 ignores. */
    public static final String OBSOLETE_VERSION = "obsolete-version";
    /** stackctl itself failed on a value: a bug to report, never a reason to stop reading the rest. */
    public static final String INTERNAL_ERROR = "internal-error";

    public Problem {
        at = at == null ? Position.START : at;
    }

    public Problem(String path, Position at, String ruleId, boolean warning, String message) {
        this(path, at, ruleId, warning, message, false);
    }

    /** Worth knowing, never failing anything: e.g. a key stackctl reads but does not check. */
    public static Problem note(String path, Position at, String ruleId, String message) {
        return new Problem(path, at, ruleId, false, message, true);
    }

    /** What stackctl's own failure on a value becomes: a problem at that value, naming the failure. */
    public static Problem internal(String path, Position at, Throwable failure) {
        return new Problem(path, at, INTERNAL_ERROR, false, "stackctl failed to read this value (" + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage().replace('\n', ' ')) + "); the rest of the file was read. Please report it");
    }

    public static Problem error(YamlNode node, String message) {
        return new Problem(node.path(), node.at(), INVALID_VALUE, false, message);
    }
}
