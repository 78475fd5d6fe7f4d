package dev.stackctl.lifecycle;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.render.Generator;
import dev.stackctl.stack.ImageProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code docker compose up -d} with live per-service progress (and early starts, see
 * {@link DependencyStarter}) from the engine's events once the engine client is connected.
 */
final class ComposeUp {
    /** compose itself waits for nothing (-d), but pulls, creates and starts; beyond the verify deadline. */
    private static final Duration SLACK = Duration.ofSeconds(90);

    private final Stack stack;
    private final Steps steps;

    ComposeUp(Stack stack, Steps steps) {
        this.stack = stack;
        this.steps = steps;
    }

    /** The compose project: the generated file, plus generated/.env and the profile's env file when present. */
    static ComposeCli.Project project(ProjectLayout layout, StackDefinition definition, String name, ImageProfile profile) {
        Path gen = layout.generated(definition);
        List<Path> envFiles = new ArrayList<>();
        if (Files.exists(gen.resolve(".env"))) {
            envFiles.add(gen.resolve(".env"));
        }
        if (profile.envFileName() != null) {
            envFiles.add(gen.resolve(profile.envFileName()));
        }
        return new ComposeCli.Project(name, gen.resolve(Generator.COMPOSE_FILE), envFiles);
    }

    /**
     * Runs compose up and returns the instant it began (the timeline's zero). {@code onStart} hears that
     * instant just before compose runs; {@code onPhase} every service phase shown (created, starting,
     * healthy, ...).
     */
    Instant run(ComposeCli compose, ComposeCli.Project project, Future<DockerEngine> engine, UpRequest request,
                Consumer<Instant> onStart, BiConsumer<String, String> onPhase) {
        steps.say("starting project " + request.project() + " (docker compose up -d)");
        Instant upStart = Instant.now();
        onStart.accept(upStart);
        ExternalProcess.Result r;
        try (ProgressWatcher ignored = new ProgressWatcher(engine, request.project(), stack, upStart, steps.writer(), request.earlyStart(), onPhase)) {
            List<String> args = new ArrayList<>(List.of("up", "-d", "--remove-orphans", "--no-build"));
            request.scale().forEach((service, n) -> args.addAll(List.of("--scale", service + "=" + n)));
            r = compose.run(project, request.portOverrides(), request.timeout().plus(SLACK), args.toArray(String[]::new));
        }
        if (!r.ok()) {
            throw new StackctlException(ExitCode.UNHEALTHY, "docker compose up failed: " + r.describeFailure(),
                    "See 'stackctl status' and 'docker compose logs'; 'stackctl verify' shows each service's last health check");
        }
        steps.say(String.format(Locale.ROOT, "compose up returned after %.1f s", Steps.secondsSince(upStart)));
        return upStart;
    }
}
