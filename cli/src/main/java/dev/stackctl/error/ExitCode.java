package dev.stackctl.error;

/** The one table of exit codes; listed in {@code stackctl --help}. */
public enum ExitCode {
    SUCCESS(0, "success"),
    FAILURE(1, "failure (e.g. generated files are stale, a check failed)"),
    USAGE(2, "usage error: bad option or argument"),
    INVALID_STACK(3, "invalid stack: validation found errors"),
    DOCKER_UNAVAILABLE(4, "Docker engine or compose CLI unavailable"),
    UNHEALTHY(5, "a service did not become healthy before the deadline"),
    CRITERION_FAILED(6, "the stack is healthy but a success criterion failed"),
    INTERNAL(70, "internal error (a bug: please report it with --stacktrace output)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
