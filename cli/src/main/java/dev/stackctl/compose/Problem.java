package dev.stackctl.compose;

/**
 * What reading a compose file found wrong: where (spec path and position), which rule, how bad, and a
 * message that names the fix. Validation turns these into findings beside its own.
 */
public record Problem(String path, Position at, String ruleId, boolean warning, String message) {
    /** A value that is not what the Compose specification allows there. */
    public static final String INVALID_VALUE = "invalid-value";
    /** The text is not YAML, or not a YAML mapping. */
    public static final String YAML_SYNTAX = "yaml-syntax";
    /** The top-level {@code version} key, which Compose v2 ignores. */
    public static final String OBSOLETE_VERSION = "obsolete-version";

    public Problem {
        at = at == null ? Position.START : at;
    }

    public static Problem error(YamlNode node, String message) {
        return new Problem(node.path(), node.at(), INVALID_VALUE, false, message);
    }
}
