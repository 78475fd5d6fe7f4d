package dev.stackctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real picocli command tree with captured streams, and asserts on the result fluently. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    CliRun exits(int expected) {
        assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
        return this;
    }

    CliRun stdoutContains(String... parts) {
        assertThat(out).contains(parts);
        return this;
    }

    CliRun stderrContains(String... parts) {
        assertThat(err).contains(parts);
        return this;
    }

    CliRun stderrHasNoStackTrace() {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        return this;
    }
}
