package dev.stackctl.verify;

import dev.stackctl.error.ExitCode;
import dev.stackctl.concurrent.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the readiness checks under one overall deadline. The health poll runs on the calling thread;
 * every other check runs on its own virtual thread as soon as what it needs is there
 * ({@link Readiness#needsHealthy}, {@link Readiness#needsRunning}): with {@code up}, verification starts
 * with compose, so the data-store probes run while the backend is still starting and the proxy checks
 * while nginx's first health probe is pending. Results are reported in the fixed order. A check whose
 * services never became healthy is reported as skipped rather than piling up follow-on failures; the
 * chaos check runs last and only on a healthy stack.
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

    /** Verifies a stack that is already up (stackctl verify). */
    public VerifyReport run(StackTarget target, Consumer<CheckResult> progress) {
        return run(target, progress, CompletableFuture.completedFuture(true), Deadline.in(deadline));
    }

    /**
     * Verifies a stack while {@code compose up} may still be bringing it up: {@code composeUp} completes
     * with true when compose returned successfully (false: it failed, and nothing is claimed). Until then
     * only containers created by this {@code up} count as healthy (see {@link HealthyCheck}), so a check
     * that starts early never probes a container compose is about to replace. {@code overall} is the
     * one deadline (after up: {@code --timeout} from compose up, however late verification began).
     */
    public VerifyReport run(StackTarget target, Consumer<CheckResult> progress, CompletableFuture<Boolean> composeUp, Deadline overall) {
        Instant start = Instant.now();
        HealthGate gate = new HealthGate();
        HealthyCheck healthy = new HealthyCheck(gate, composeUp::isDone);
        composeUp.thenRun(healthy::wake);
        List<CheckResult> results = new ArrayList<>();
        ServicesCheck services = new ServicesCheck();
        List<Readiness> later = new ArrayList<>(List.of(new ProxyHttpCheck(), new WebSocketCheck(), new DataStoresCheck(), new ConformanceCheck()));
        if (target.roles().replicated() != null) {
            later.add(1, new ReplicasCheck());
        }
        boolean stackHealthy;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // "exactly the model's services" is about what compose leaves behind: asked once it returned
            Future<CheckResult> servicesF = pool.submit(() -> {
                if (!composeUp.join()) {
                    healthy.stop();
                    return CheckResult.skipped(services, "not run: docker compose up failed");
                }
                CheckResult r = services.check(target, overall);
                if (!r.passed()) {
                    healthy.stop();
                }
                return r;
            });
            List<Future<CheckResult>> running = new ArrayList<>();
            for (Readiness check : later) {
                running.add(pool.submit(() -> whenHealthy(check, target, gate, overall)));
            }
            CheckResult healthyResult = healthy.check(target, overall);
            CheckResult servicesResult = Futures.await(servicesF);
            if (!servicesResult.passed()) {
                healthyResult = CheckResult.skipped(healthy, "not run: the stack does not have the model's services");
            }
            results.add(servicesResult);
            progress.accept(servicesResult);
            results.add(healthyResult);
            progress.accept(healthyResult);
            stackHealthy = healthyResult.passed();
            for (int i = 0; i < later.size(); i++) {
                CheckResult r = Futures.await(running.get(i));
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
        List<String> needs = check.needsHealthy(target.definition());
        List<String> running = check.needsRunning(target.definition());
        if (!gate.await(needs, running, overall)) {
            List<String> missing = new ArrayList<>(gate.missing(needs));
            gate.notRunning(running).forEach(s -> missing.add(s + " (not running)"));
            return CheckResult.skipped(check, "not run: " + (missing.isEmpty() ? "the stack" : String.join(", ", missing))
                    + (missing.size() == 1 ? " is" : " are") + " not healthy");
        }
        return check.check(target, overall);
    }

}
