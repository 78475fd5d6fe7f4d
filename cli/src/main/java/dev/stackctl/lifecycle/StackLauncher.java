package dev.stackctl.lifecycle;

import dev.stackctl.engine.BaseImages;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.ProgressSink;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Stack;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.validate.Finding;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Severity;
import dev.stackctl.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Brings the stack up and down on the engine: generate if stale, validate, secrets, (air-gapped) base
 * images, application images, {@code docker compose up -d} with live progress. Verify is separate.
 * Up comes in three steps so that a caller can overlap the local work with connecting to the engine:
 * {@link #prepare()} (no engine), {@link #ensureBaseImages} (docker CLI; only reads when cached) and
 * {@link #start}.
 */
public final class StackLauncher {
    private final ProjectLayout layout;
    private final Stack stack;
    private final PrintWriter err;

    public StackLauncher(ProjectLayout layout, Stack stack, PrintWriter err) {
        this.layout = layout;
        this.stack = stack;
        this.err = err;
    }

    /**
     * How to run: project name, image profile, host port overrides, whether to build, and whether to start
     * a service as soon as its dependencies are ready ({@link DependencyStarter}) rather than leave every
     * start to compose's 0.5 s dependency poll.
     */
    public record Options(String project, ImageProfile profile, Map<String, String> portOverrides, boolean build, Duration timeout,
                          boolean earlyStart) {
        public Options(String project, ImageProfile profile, Map<String, String> portOverrides, boolean build, Duration timeout) {
            this(project, profile, portOverrides, build, timeout, true);
        }
    }

    /** The compose project for these options: the generated file plus .env and the profile's env file. */
    public ComposeCli.Project project(Options o) {
        Path gen = layout.generated();
        List<Path> envFiles = new ArrayList<>();
        if (Files.exists(gen.resolve(".env"))) {
            envFiles.add(gen.resolve(".env"));
        }
        if (o.profile().envFileName() != null) {
            envFiles.add(gen.resolve(o.profile().envFileName()));
        }
        return new ComposeCli.Project(o.project(), gen.resolve(Generator.COMPOSE_FILE), envFiles);
    }

    /** Generate if stale, validate (errors stop here), write missing secrets: local work, no engine. */
    public void prepare() {
        step("checking generated/");
        regenerateIfStale();
        step("validating the stack model");
        List<Finding> errors = Validator.standard().validate(stack, RuleContext.defaults()).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            errors.forEach(f -> err.println("  " + f));
            throw new StackctlException(ExitCode.INVALID_STACK, "the stack model has " + errors.size() + " error(s)", "Fix them and run stackctl validate");
        }
        try {
            List<String> added = SecretsFile.ensure(layout.generated().resolve(".env"), stack.requiredVariables());
            if (!added.isEmpty()) {
                step("wrote random " + String.join(", ", added) + " to generated/.env (mode 600)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With {@code --airgap}: whether every base image is current (present, built from today's recipe).
     * Only reads, so it may run before the model is validated; null without {@code --airgap}.
     */
    public Boolean baseImagesCurrent(Options o) {
        if (o.profile() != ImageProfile.AIRGAP) {
            return null;
        }
        return new BaseImages(layout).entries().stream().allMatch(e -> e.state().equals("current"));
    }

    /**
     * With {@code --airgap}: builds the base images that are missing or whose recipe changed;
     * {@code knownCurrent} (from {@link #baseImagesCurrent}) saves looking again.
     */
    public void ensureBaseImages(Options o, boolean knownCurrent) {
        if (o.profile() == ImageProfile.AIRGAP) {
            if (knownCurrent) {
                step("air-gapped base images are current (recipe hashes match)");
                return;
            }
            step("ensuring the air-gapped base images (built from Debian packages; cached by recipe hash)");
            BaseImages.ensureBuilt(layout, ProgressSink.printingTo(err));
        }
    }

    /**
     * Builds the application images (unless told not to) and runs {@code compose up -d} with live
     * progress (shown once {@code engine} is connected); returns the instant compose up began (the
     * timeline's zero). {@code onStart} is told that instant just before compose up runs, and
     * {@code onPhase} each service phase shown (created, starting, healthy, ...).
     */
    public Instant start(Options o, java.util.concurrent.Future<DockerEngine> engine, ComposeCli compose, java.util.function.Consumer<Instant> onStart,
                         java.util.function.BiConsumer<String, String> onPhase) {
        ComposeCli.Project project = project(o);
        Map<String, String> env = o.portOverrides();
        requireFreeHostPorts(o, engine);
        if (o.build()) {
            ensureBackendJar();
            Instant t0 = Instant.now();
            step("building the backend and frontend images (docker compose build)");
            ExternalProcess.Result r = compose.run(project, withBuildKit(env), Duration.ofMinutes(15),
                    (ms, line) -> step(String.format(Locale.ROOT, "  building %5.0f s  %s", ms / 1000.0, line)), "build");
            if (!r.ok()) {
                throw new StackctlException(ExitCode.FAILURE, "docker compose build failed: " + r.describeFailure(), "Fix the build error above");
            }
            step(String.format(Locale.ROOT, "images built in %.1f s", secondsSince(t0)));
            if (o.profile() == ImageProfile.AIRGAP) {
                // each rebuild leaves the previous image untagged: drop those no container uses
                BaseImages.pruneSuperseded().ifPresent(this::step);
            }
        }
        step("starting project " + o.project() + " (docker compose up -d)");
        Instant upStart = Instant.now();
        onStart.accept(upStart);
        ExternalProcess.Result r;
        try (ProgressWatcher ignored = new ProgressWatcher(engine, o.project(), stack, upStart, err, o.earlyStart(), onPhase)) {
            r = compose.run(project, env, o.timeout().plus(Duration.ofSeconds(90)), "up", "-d", "--remove-orphans", "--no-build");
        }
        if (!r.ok()) {
            throw new StackctlException(ExitCode.UNHEALTHY, "docker compose up failed: " + r.describeFailure(),
                    "See 'stackctl status' and 'docker compose logs'; 'stackctl verify' shows each service's last health check");
        }
        step(String.format(Locale.ROOT, "compose up returned after %.1f s", secondsSince(upStart)));
        return upStart;
    }

    /**
     * Stops before anything is built or started when a host port the stack publishes is taken by another
     * program (the engine would refuse that container only after starting its dependencies). Ports the
     * project's own containers publish are fine: that is up on a running stack.
     */
    private void requireFreeHostPorts(Options o, java.util.concurrent.Future<DockerEngine> engine) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            Path dotEnv = layout.generated().resolve(".env");
            if (Files.exists(dotEnv)) {
                env.putAll(SecretsFile.read(dotEnv));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.putAll(System.getenv());
        env.putAll(o.portOverrides());
        if (HostPorts.conflicts(stack, env, java.util.Set.of()).isEmpty()) {
            return;
        }
        java.util.Set<Integer> own = new java.util.HashSet<>();
        for (var c : dev.stackctl.concurrent.Futures.await(engine).projectContainers(o.project())) {
            if (c.getPorts() != null) {
                for (var p : c.getPorts()) {
                    if (p.getPublicPort() != null) own.add(p.getPublicPort());
                }
            }
        }
        List<HostPorts.Conflict> conflicts = HostPorts.conflicts(stack, env, own);
        if (!conflicts.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE,
                    String.join("; ", conflicts.stream().map(HostPorts.Conflict::describe).toList()) + "; nothing was started",
                    conflicts.get(0).fix());
        }
    }

    public void down(Options o, ComposeCli compose, boolean volumes) {
        List<String> args = new ArrayList<>(List.of("down", "--remove-orphans", "--timeout", "20"));
        if (volumes) {
            args.add("--volumes");
        }
        // compose interpolates the whole file even to stop it: give required secrets a placeholder when
        // generated/.env is gone, so a stack can always be taken down.
        Map<String, String> env = new LinkedHashMap<>(o.portOverrides());
        try {
            Map<String, String> secrets = SecretsFile.read(layout.generated().resolve(".env"));
            stack.requiredVariables().stream().filter(v -> !secrets.containsKey(v)).forEach(v -> env.put(v, "unused-by-down"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compose.runChecked(project(o), env, Duration.ofMinutes(3), "docker compose down", args.toArray(String[]::new));
    }

    private void regenerateIfStale() {
        Generator g = new Generator(layout);
        try {
            Map<String, String> files = g.render(dev.stackctl.stack.StockTrackerStack.definition());
            if (!g.drift(files, layout.generated()).isEmpty()) {
                g.write(files, layout.generated());
                step("generated/ was stale: regenerated from the model");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The backend image copies backend/target/backend.jar: build it when missing or older than its sources. */
    private void ensureBackendJar() {
        Path jar = layout.root().resolve("backend/target/backend.jar");
        if (Files.exists(jar) && !newerThan(layout.root().resolve("backend/src/main"), jar) && !newerThan(layout.root().resolve("db/migrations"), jar)) {
            return;
        }
        step("building backend/target/backend.jar (./mvnw -pl backend package)");
        Instant t0 = Instant.now();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        ExternalProcess.Result r;
        try {
            r = new ExternalProcess(List.of(layout.root().resolve("mvnw").toString(), "-q", "-B", "-pl", "backend", "package", "-DskipTests"),
                    layout.root(), env, Duration.ofMinutes(15)).run();
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, "building the backend jar: " + e.getMessage(), "Run ./mvnw -pl backend package to see the error", e);
        }
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, "building the backend jar failed: " + r.describeFailure(), "Run ./mvnw -pl backend package to see the error");
        }
        step(String.format(Locale.ROOT, "backend jar built in %.1f s", secondsSince(t0)));
    }

    private static boolean newerThan(Path dir, Path file) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> walk = Files.walk(dir)) {
            long t = Files.getLastModifiedTime(file).toMillis();
            return walk.anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() > t;
                } catch (IOException e) {
                    return true;
                }
            });
        } catch (IOException e) {
            return true;
        }
    }

    private static Map<String, String> withBuildKit(Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put("DOCKER_BUILDKIT", "1");
        m.put("COMPOSE_DOCKER_CLI_BUILD", "1");
        return m;
    }

    private void step(String what) {
        err.println("stackctl: " + what);
        err.flush();
    }

    private static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }
}
