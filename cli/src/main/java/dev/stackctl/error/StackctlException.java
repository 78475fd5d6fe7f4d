package dev.stackctl.error;

/**
 * A user-facing failure: what happened, what to do about it, and the exit code. The handler prints
 * it as {@code stackctl: error: <message>. <hint>} without a stack trace.
 */
public class StackctlException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public StackctlException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public StackctlException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint == null ? "" : hint;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
