package dev.stackctl.verify;

import dev.stackctl.error.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the readiness checks in order under one overall deadline. When the stack is not healthy, the
 * checks that need a healthy stack are reported as skipped rather than piling up follow-on failures.
 */
public final class Verifier {
    private final Duration deadline;
    private final boolean chaos;
    private final Duration chaosRecovery;

    public Verifier(Duration deadline, boolean chaos, Duration chaosRecovery) {
        this.deadline = deadline;
        this.chaos = chaos;
        this.chaosRecovery = chaosRecovery;
    }

    public VerifyReport run(StackTarget target, Consumer<CheckResult> progress) {
        Instant start = Instant.now();
        Deadline overall = Deadline.in(deadline);
        HealthyCheck healthy = new HealthyCheck();
        List<Readiness> checks = new ArrayList<>(List.of(new ServicesCheck(), healthy, new ProxyHttpCheck(),
                new WebSocketCheck(), new DataStoresCheck(), new ConformanceCheck()));
        if (chaos) {
            checks.add(new ChaosCheck(chaosRecovery));
        }
        List<CheckResult> results = new ArrayList<>();
        boolean stackHealthy = true;
        for (Readiness check : checks) {
            CheckResult r;
            if (!stackHealthy) {
                r = CheckResult.skipped(check, "not run: the stack is not healthy");
            } else if (check instanceof ChaosCheck) {
                r = check.check(target, Deadline.in(chaosRecovery.multipliedBy(3)));
            } else {
                r = check.check(target, overall);
            }
            if ((check instanceof ServicesCheck || check instanceof HealthyCheck) && !r.passed()) {
                stackHealthy = false;
            }
            results.add(r);
            progress.accept(r);
        }
        ExitCode code = ExitCode.SUCCESS;
        for (CheckResult r : results) {
            if (r.status() == CheckResult.Status.FAILED) {
                code = r.id().equals(healthy.id()) || r.id().equals("services") ? ExitCode.UNHEALTHY : ExitCode.CRITERION_FAILED;
                break;
            }
        }
        List<String> diagnostics = new ArrayList<>();
        results.stream().filter(r -> r.status() == CheckResult.Status.FAILED && r.service() != null).map(CheckResult::service).distinct()
                .forEach(service -> target.inspect(service).ifPresent(i -> diagnostics.add(
                        "== " + service + " (" + i.getState().getStatus() + ")" + HealthyCheck.lastProbe(i) + "\n-- last log lines:\n"
                                + target.engine().logsTail(i.getId(), 20).stripTrailing())));
        return new VerifyReport(target.project(), deadline, healthy.timeline(), results, code, diagnostics,
                Duration.between(start, Instant.now()), target);
    }
}
