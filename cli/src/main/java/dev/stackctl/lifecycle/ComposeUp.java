package dev.stackctl.lifecycle;

import dev.stackctl.concurrent.Futures;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.engine.EngineSocket;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.ImageStore;
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
import java.util.Map;
import java.util.Optional;
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
            List<String> only = request.scale().isEmpty() ? onlyChanged(compose, project, engine, request) : List.of();
            if (!only.isEmpty()) {
                steps.say("changed in the model: " + String.join(", ", only) + "; recreating only "
                        + (only.size() == 1 ? "it" : "them") + " (docker compose up -d --no-deps " + String.join(" ", only) + ")");
                args.add("--no-deps");
                args.addAll(only);
            }
            r = compose.run(project, request.portOverrides(), request.timeout().plus(SLACK), args.toArray(String[]::new));
        }
        if (!r.ok()) {
            throw new StackctlException(ExitCode.UNHEALTHY, "docker compose up failed: " + r.describeFailure(),
                    "See 'stackctl status' and 'docker compose logs'; 'stackctl verify' shows each service's last health check");
        }
        steps.say(String.format(Locale.ROOT, "compose up returned after %.1f s", Steps.secondsSince(upStart)));
        return upStart;
    }

    /**
     * On a running stack, the services whose configuration or image changed, when that is not all of them
     * ({@link ChangedServices}); empty (compose converges everything) when it cannot tell. The containers
     * are listed over the engine's socket (a few ms), so a fresh {@code up} does not wait for the
     * docker-java client before compose starts; through that client only for a TCP engine.
     */
    private List<String> onlyChanged(ComposeCli compose, ComposeCli.Project project, Future<DockerEngine> engine, UpRequest request) {
        try {
            List<ChangedServices.Running> running = running(engine, request.project());
            if (running.isEmpty()) {
                return List.of();
            }
            ExternalProcess.Result hashes = compose.run(project, request.portOverrides(), Duration.ofSeconds(30), "config", "--hash", "*");
            return hashes.ok() ? ChangedServices.only(stack, ChangedServices.parseHashes(hashes.stdout()), running) : List.of();
        } catch (RuntimeException e) {
            return List.of(); // compose finds out itself, as before
        }
    }

    /** The project's containers: service, config hash, state, and whether their image tag still names their image. */
    private static List<ChangedServices.Running> running(Future<DockerEngine> engine, String project) {
        List<ChangedServices.Running> running = new ArrayList<>();
        Optional<EngineSocket> socket = EngineSocket.available();
        if (socket.isPresent()) {
            List<EngineSocket.Container> containers = socket.get().containers(DockerEngine.PROJECT_LABEL, project);
            Map<String, ImageStore.Info> images = containers.isEmpty() ? Map.of()
                    : socket.get().inspectAll(containers.stream().map(EngineSocket.Container::image).distinct().toList());
            for (EngineSocket.Container c : containers) {
                running.add(new ChangedServices.Running(c.labels().getOrDefault(DockerEngine.SERVICE_LABEL, ""),
                        c.labels().getOrDefault(CONFIG_HASH_LABEL, ""), c.state(), imageCurrent(c.image(), c.imageId(), images)));
            }
            return running;
        }
        DockerEngine connected = Futures.await(engine);
        List<com.github.dockerjava.api.model.Container> containers = connected.projectContainers(project);
        Map<String, ImageStore.Info> images = containers.isEmpty() ? Map.of()
                : connected.images().inspectAll(containers.stream().map(com.github.dockerjava.api.model.Container::getImage).distinct().toList());
        for (var c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            running.add(new ChangedServices.Running(DockerEngine.serviceOf(c), labels.getOrDefault(CONFIG_HASH_LABEL, ""), c.getState(),
                    imageCurrent(c.getImage(), c.getImageId(), images)));
        }
        return running;
    }

    /**
     * The engine lists a container's image as the reference it was created from, or as the image id when
     * that reference names another image now (a rebuild under the same tag).
     */
    private static boolean imageCurrent(String image, String imageId, Map<String, ImageStore.Info> images) {
        ImageStore.Info now = images.get(image);
        return image != null && !image.startsWith("sha256:") && now != null && now.id().equals(imageId);
    }

    /** The label compose puts the hash of a container's service configuration in. */
    static final String CONFIG_HASH_LABEL = "com.docker.compose.config-hash";
}
