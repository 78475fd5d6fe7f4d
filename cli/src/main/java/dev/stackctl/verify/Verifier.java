package dev.stackctl.verify;

import dev.stackctl.error.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the readiness checks under one overall deadline. The health poll runs on the calling thread;
 * every later check runs on its own virtual thread as soon as the services it needs have been seen
 * healthy ({@link Readiness#needsHealthy}), so the data-store probes overlap the wait for the backend
 * and frontend, and the proxy checks run side by side. Results are reported in the fixed order. When
 * the stack is not healthy, a check whose services never became healthy is reported as skipped rather
 * than piling up follow-on failures; the chaos check runs last and only on a healthy stack.
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
        HealthGate gate = new HealthGate();
        HealthyCheck healthy = new HealthyCheck(gate);
        List<CheckResult> results = new ArrayList<>();
        ServicesCheck services = new ServicesCheck();
        CheckResult servicesResult = services.check(target, overall);
        results.add(servicesResult);
        progress.accept(servicesResult);
        List<Readiness> later = List.of(new ProxyHttpCheck(), new WebSocketCheck(), new DataStoresCheck(), new ConformanceCheck());
        boolean stackHealthy;
        if (servicesResult.passed()) {
            List<Future<CheckResult>> running = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Readiness check : later) {
                    running.add(pool.submit(() -> whenHealthy(check, target, gate, overall)));
                }
                CheckResult healthyResult = healthy.check(target, overall);
                results.add(healthyResult);
                progress.accept(healthyResult);
                stackHealthy = healthyResult.passed();
                for (int i = 0; i < later.size(); i++) {
                    CheckResult r = outcome(later.get(i), running.get(i));
                    results.add(r);
                    progress.accept(r);
                }
            }
        } else {
            stackHealthy = false;
            for (Readiness check : prepend(healthy, later)) {
                CheckResult r = CheckResult.skipped(check, "not run: the stack is not healthy");
                results.add(r);
                progress.accept(r);
            }
        }
        if (chaos) {
            ChaosCheck check = new ChaosCheck(chaosRecovery);
            CheckResult r = stackHealthy ? check.check(target, Deadline.in(chaosRecovery.multipliedBy(3)))
                    : CheckResult.skipped(check, "not run: the stack is not healthy");
            results.add(r);
            progress.accept(r);
        }
        ExitCode code = ExitCode.SUCCESS;
        for (CheckResult r : results) {
            if (r.status() == CheckResult.Status.FAILED) {
                code = r.id().equals(healthy.id()) || r.id().equals(services.id()) ? ExitCode.UNHEALTHY : ExitCode.CRITERION_FAILED;
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

    /** Runs {@code check} once the services it needs were seen healthy; skipped when they never were. */
    static CheckResult whenHealthy(Readiness check, StackTarget target, HealthGate gate, Deadline overall) {
        List<String> needs = check.needsHealthy(target.model());
        if (!gate.await(needs, overall)) {
            List<String> missing = gate.missing(needs);
            return CheckResult.skipped(check, "not run: " + (missing.isEmpty() ? "the stack" : String.join(", ", missing))
                    + (missing.size() == 1 ? " is" : " are") + " not healthy");
        }
        return check.check(target, overall);
    }

    private static CheckResult outcome(Readiness check, Future<CheckResult> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("check " + check.id() + " failed unexpectedly", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.skipped(check, "not run: interrupted");
        }
    }

    private static List<Readiness> prepend(Readiness first, List<Readiness> rest) {
        List<Readiness> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
