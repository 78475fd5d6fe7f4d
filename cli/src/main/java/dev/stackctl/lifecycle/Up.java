package dev.stackctl.lifecycle;

import dev.stackctl.concurrent.Futures;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.model.Durations;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.verify.Deadline;
import dev.stackctl.verify.StackTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code stackctl up}: {@link Preflight}, {@link AppImages}, {@link ComposeUp}, and verification as
 * services become healthy. Connecting to the engine and finding the compose CLI take a few hundred ms
 * of mostly waiting, so they run while the model is checked, beside the base images' cache check;
 * compose up needs neither the engine client nor its connection, so it starts as soon as the compose
 * CLI and the base images are there, and progress and verification join it once connected.
 */
public final class Up {
    /** Verifies the stack while compose up may still run (see {@code Verifier}); returns the exit code. */
    @FunctionalInterface
    public interface Verification {
        int verify(StackTarget target, CompletableFuture<Boolean> composeUp, Deadline deadline) throws IOException;
    }

    private final ProjectLayout layout;
    private final StackDefinition definition;
    private final Steps steps;

    public Up(ProjectLayout layout, StackDefinition definition, PrintWriter err) {
        this.layout = layout;
        this.definition = definition;
        this.steps = new Steps(err);
    }

    /** Brings the stack up; returns verification's exit code, or 0 when not verifying. */
    public int run(UpRequest request, Verification verification) {
        Preflight preflight = new Preflight(layout, definition, steps);
        Future<DockerEngine> engine = null;
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            engine = background.submit(DockerEngine::connect);
            Future<ComposeCli> composeCli = background.submit(ComposeCli::require);
            Future<Boolean> baseImagesCurrent = background.submit(() -> preflight.baseImagesCurrent(request.profile()));
            preflight.checkModel();
            // only after validation passed may a (long) base image build begin
            Future<?> baseImages = background.submit(() ->
                    preflight.ensureBaseImages(request.profile(), Boolean.TRUE.equals(valueOrNull(baseImagesCurrent))));
            return start(request, verification, preflight, background, engine, composeCli, baseImages);
        } finally {
            closeWhenConnected(engine);
        }
    }

    private int start(UpRequest request, Verification verification, Preflight preflight, ExecutorService background,
                      Future<DockerEngine> engine, Future<ComposeCli> composeCli, Future<?> baseImages) {
        // Verification reports once compose has returned, and not at all when compose failed.
        CompletableFuture<Boolean> composeUp = new CompletableFuture<>();
        AtomicReference<Future<Integer>> verifying = new AtomicReference<>();
        try {
            ComposeCli compose = Futures.await(composeCli);
            Futures.await(baseImages);
            if (engine.isDone()) {
                Futures.await(engine); // an engine already known to be unreachable: say so before anything runs
            }
            preflight.requireFreeHostPorts(request, engine);
            ComposeCli.Project project = ComposeUp.project(layout, definition, request.project(), request.profile());
            if (request.build()) {
                new AppImages(layout, definition, steps).build(compose, project, request);
            }
            CompletableFuture<Void> firstHealthy = new CompletableFuture<>();
            new ComposeUp(definition.stack(), steps).run(compose, project, engine, request, reference -> {
                if (request.verify()) {
                    Future<DockerEngine> connected = engine;
                    verifying.set(background.submit(() -> verifyFrom(reference, request, verification, connected, firstHealthy, composeUp)));
                }
            }, (service, phase) -> {
                if (phase.equals("healthy")) {
                    firstHealthy.complete(null);
                }
            });
            Futures.await(engine);
            composeUp.complete(true);
        } catch (RuntimeException e) {
            composeUp.complete(false);
            if (verifying.get() != null) {
                verifying.get().cancel(true);
            }
            throw engineProblemFirst(engine, e);
        }
        return request.verify() ? Futures.await(verifying.get()) : 0;
    }

    /**
     * Nothing can be proved before the first service is healthy, and the checks' own start-up would only
     * compete with compose's: verification begins then (or when compose returns), and its deadline still
     * counts from compose up (timelines come from engine events).
     */
    private int verifyFrom(Instant reference, UpRequest request, Verification verification, Future<DockerEngine> engine,
                           CompletableFuture<Void> firstHealthy, CompletableFuture<Boolean> composeUp) throws Exception {
        steps.say("verifying as services become healthy (deadline " + Durations.format(request.timeout()) + " from compose up)");
        try {
            CompletableFuture.anyOf(firstHealthy, composeUp).get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // nothing healthy yet and compose still running: verify now, it reports why
        }
        StackTarget target = new StackTarget(Futures.await(engine), request.project(), definition, reference, request.scale());
        return verification.verify(target, composeUp, new Deadline(reference.plus(request.timeout())));
    }

    /** The value, or null when the work failed (the step that needs it looks again and reports). */
    private static <T> T valueOrNull(Future<T> f) {
        try {
            return Futures.await(f);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** When the engine did not answer, that is what to report (compose's own error would only echo it). */
    private static RuntimeException engineProblemFirst(Future<DockerEngine> engine, RuntimeException other) {
        try {
            Futures.await(engine);
            return other;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void closeWhenConnected(Future<DockerEngine> connecting) {
        if (connecting == null) {
            return;
        }
        try {
            connecting.get().close();
        } catch (ExecutionException | IOException e) {
            // not connected (or already failing): nothing to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
