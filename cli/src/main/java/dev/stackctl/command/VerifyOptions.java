package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Durations;
import dev.stackctl.verify.StackTarget;
import dev.stackctl.verify.Verifier;
import dev.stackctl.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options and reporting shared by {@code up} and {@code verify}. */
public final class VerifyOptions {
    @Option(names = "--timeout", paramLabel = "DURATION", description = "One overall deadline for the stack to be healthy and pass every check (default: ${DEFAULT-VALUE}).")
    String timeout = "30s";

    @Option(names = "--chaos", description = "Also SIGKILL the main process of every service in turn (backend, Redis, TimescaleDB, nginx; on the scaled topology the collector and one API replica) and prove each recovers by itself with nothing lost silently.")
    boolean chaos;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the checks as JUnit XML for CI.")
    Path junit;

    Duration timeout() {
        try {
            Duration d = Durations.parse(timeout);
            if (d.isZero()) throw new IllegalArgumentException("must be positive");
            return d;
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--timeout: " + e.getMessage(), "Write e.g. --timeout 30s");
        }
    }

    static int port(int p, String option) {
        if (p < 1 || p > 65535) {
            throw new StackctlException(ExitCode.USAGE, option + " " + p + " is out of range 1-65535", "Choose a free port");
        }
        return p;
    }

    int runAndReport(StackTarget target, PrintWriter out, PrintWriter err) throws IOException {
        return runAndReport(target, out, err, java.util.concurrent.CompletableFuture.completedFuture(true), dev.stackctl.verify.Deadline.in(timeout()));
    }

    /**
     * Verifies (while compose up may still run; see {@link Verifier#run(StackTarget, java.util.function.Consumer,
     * java.util.concurrent.CompletableFuture)}) and prints the report; nothing is printed when compose up failed.
     */
    int runAndReport(StackTarget target, PrintWriter out, PrintWriter err, java.util.concurrent.CompletableFuture<Boolean> composeUp,
                     dev.stackctl.verify.Deadline deadline) throws IOException {
        Verifier verifier = new Verifier(timeout(), chaos, Duration.ofSeconds(30));
        // Progress on stderr as each check ends (the chaos check alone takes several seconds).
        VerifyReport report = verifier.run(target, r -> {
            if (composeUp.getNow(false)) {
                err.printf(java.util.Locale.ROOT, "stackctl: %-6s %-24s %.1f s%n", r.status(), r.id(), r.elapsed().toMillis() / 1000.0);
                err.flush();
            }
        }, composeUp, deadline);
        if (!composeUp.getNow(false)) {
            return ExitCode.UNHEALTHY.code();
        }
        out.print(output == OutputFormat.json ? Json.write(report.json()) + "\n" : report.text());
        out.flush();
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(junit, report.junit(), StandardCharsets.UTF_8);
        }
        return report.exitCode().code();
    }
}
