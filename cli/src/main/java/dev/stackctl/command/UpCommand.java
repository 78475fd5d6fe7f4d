package dev.stackctl.command;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.concurrent.Futures;
import dev.stackctl.lifecycle.StackLauncher;
import dev.stackctl.model.Durations;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.verify.Deadline;
import dev.stackctl.verify.StackTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl up}: generate if stale, validate, build, start, then verify. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Build and start the stack, then prove it healthy (stackctl verify) unless --no-verify.",
            "",
            "Steps: regenerate generated/ if it is stale; validate the model (errors stop here); write random secrets "
                    + "to generated/.env the first time (mode 600); with --airgap, build the base images from Debian packages "
                    + "when missing; check that no other program holds a host port the stack publishes; build the backend jar and the backend and frontend images (with --airgap, then remove the stackctl images those "
                    + "builds left untagged, when no container uses them); docker compose up -d with live "
                    + "per-service progress, starting each service as soon as its dependencies are ready; verify under one --timeout deadline."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl up --airgap                       no registry: local base images",
            "  stackctl up --frontend-port 8080           when port 80 is taken",
            "  stackctl up --no-build --chaos             restart test on existing images",
            "  stackctl up -p demo2 --frontend-port 8081  a second copy beside the first"
        })
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Mixin
    VerifyOptions verifyOptions;

    @Option(names = "--frontend-port", paramLabel = "PORT", description = "Host port of the frontend for this run (default: the compose file's, 80).")
    Integer frontendPort;

    @Option(names = "--backend-port", paramLabel = "PORT", description = "Host port (127.0.0.1) of the backend API for this run (default: 8000).")
    Integer backendPort;

    // picocli: a negatable boolean needs defaultValue = "true" (a field initialiser of true makes
    // --no-build a no-op: the negated form "negates the default", i.e. sets true again)
    @Option(names = "--build", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Build the backend and frontend images first (default: ${DEFAULT-VALUE}; --no-build uses existing ones).")
    boolean build;

    @Option(names = "--early-start", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Start each service the moment the engine reports its dependencies ready (default: ${DEFAULT-VALUE}). "
                    + "compose checks depends_on conditions every 0.5 s; stackctl follows the engine's events and starts the "
                    + "waiting container itself, under the same conditions. --no-early-start leaves every start to compose."})
    boolean earlyStart;

    @Option(names = "--airgap", description = "Use base images built locally from Debian packages (generated/airgap.env; built first when missing). No registry needed.")
    boolean airgap;

    @Option(names = "--no-verify", description = "Start the stack and return without verifying it.")
    boolean noVerify;

    @Override
    public Integer call() throws Exception {
        Map<String, String> ports = new LinkedHashMap<>();
        if (frontendPort != null) ports.put("FRONTEND_PORT", Integer.toString(VerifyOptions.port(frontendPort, "--frontend-port")));
        if (backendPort != null) ports.put("BACKEND_PORT", Integer.toString(VerifyOptions.port(backendPort, "--backend-port")));
        Duration timeout = verifyOptions.timeout();
        var definition = dev.stackctl.stack.StockTrackerStack.definition();
        var stack = definition.stack();
        StackLauncher launcher = new StackLauncher(ProjectLayout.locate(), stack, spec.commandLine().getErr());
        var options = new StackLauncher.Options(project.project, airgap ? ImageProfile.AIRGAP : ImageProfile.OFFICIAL, ports, build, timeout, earlyStart);
        // Connecting to the engine and finding the compose CLI take a few hundred ms of mostly waiting:
        // do them while the model is checked, and check the base images' cache beside them. compose up
        // itself needs neither the engine client nor its connection, so it starts as soon as the compose
        // CLI and the base images are there; progress and verification join it once connected.
        Future<DockerEngine> connecting = null;
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            connecting = background.submit(DockerEngine::connect);
            Future<DockerEngine> engine = connecting;
            Future<ComposeCli> composeCli = background.submit(ComposeCli::require);
            Future<Boolean> baseImagesCurrent = background.submit(() -> launcher.baseImagesCurrent(options));
            launcher.prepare();
            // only after validation passed may a (long) base image build begin
            Future<?> baseImages = background.submit(() -> launcher.ensureBaseImages(options, Boolean.TRUE.equals(awaitQuietly(baseImagesCurrent))));
            // Verification starts with compose up; it reports once compose has returned, and not at all
            // when compose failed.
            CompletableFuture<Boolean> composeUp = new CompletableFuture<>();
            AtomicReference<Future<Integer>> verification = new AtomicReference<>();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ComposeCli compose = Futures.await(composeCli);
                Futures.await(baseImages);
                if (engine.isDone()) {
                    Futures.await(engine); // an engine already known to be unreachable: say so before compose runs
                }
                // Nothing can be proved before the first service is healthy, and the checks' own start-up
                // would only compete with compose's: verification begins then (or when compose returns),
                // and its deadline still counts from compose up (timelines come from engine events).
                CompletableFuture<Void> firstHealthy = new CompletableFuture<>();
                launcher.start(options, engine, compose, reference -> {
                    if (!noVerify) {
                        err.println("stackctl: verifying as services become healthy (deadline " + Durations.format(timeout) + " from compose up)");
                        verification.set(background.submit(() -> {
                            try {
                                CompletableFuture.anyOf(firstHealthy, composeUp).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (java.util.concurrent.TimeoutException e) {
                                // nothing healthy yet and compose still running: verify now, it reports why
                            }
                            return verifyOptions.runAndReport(new StackTarget(Futures.await(engine), project.project, definition, reference), out, err, composeUp,
                                    new Deadline(reference.plus(timeout)));
                        }));
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
                if (verification.get() != null) {
                    verification.get().cancel(true);
                }
                throw engineProblemFirst(engine, e);
            }
            if (noVerify) {
                out.println("stack " + project.project + " started (not verified: --no-verify)");
                return 0;
            }
            return Futures.await(verification.get());
        } finally {
            if (connecting != null) {
                closeWhenConnected(connecting);
            }
        }
    }

    /** The value, or null when the work failed (the step that needs it looks again and reports). */
    private static <T> T awaitQuietly(Future<T> f) {
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
        try {
            connecting.get().close();
        } catch (ExecutionException | IOException e) {
            // not connected (or already failing): nothing to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
