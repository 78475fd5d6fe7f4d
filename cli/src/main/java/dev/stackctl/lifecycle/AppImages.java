package dev.stackctl.lifecycle;

import dev.stackctl.engine.BaseImages;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Artifact;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.ImageProfile;
import java.io.IOException;
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
 * Builds the stack's application images: first the artifacts their Dockerfiles copy (from the
 * definition, e.g. the backend jar), each only when missing or older than its inputs; then
 * {@code docker compose build} with BuildKit; with the air-gapped profile, the stackctl images that the
 * build left untagged are removed when no container uses them.
 */
final class AppImages {
    private static final Duration ARTIFACT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private final ProjectLayout layout;
    private final StackDefinition definition;
    private final Steps steps;

    AppImages(ProjectLayout layout, StackDefinition definition, Steps steps) {
        this.layout = layout;
        this.definition = definition;
        this.steps = steps;
    }

    void build(ComposeCli compose, ComposeCli.Project project, UpRequest request) {
        for (Artifact a : definition.artifacts()) {
            ensure(a);
        }
        Instant t0 = Instant.now();
        steps.say("building the application images (docker compose build)");
        Map<String, String> env = new LinkedHashMap<>(request.portOverrides());
        env.put("DOCKER_BUILDKIT", "1");
        env.put("COMPOSE_DOCKER_CLI_BUILD", "1");
        ExternalProcess.Result r = compose.run(project, env, BUILD_TIMEOUT,
                (ms, line) -> steps.say(String.format(Locale.ROOT, "  building %5.0f s  %s", ms / 1000.0, line)), "build");
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, "docker compose build failed: " + r.describeFailure(), "Fix the build error above");
        }
        steps.say(String.format(Locale.ROOT, "images built in %.1f s", Steps.secondsSince(t0)));
        if (request.profile() == ImageProfile.AIRGAP) {
            // each rebuild leaves the previous image untagged: drop those no container uses
            BaseImages.pruneSuperseded().ifPresent(steps::say);
        }
    }

    /** Builds an artifact when it is missing or older than any of its inputs. */
    void ensure(Artifact a) {
        Path file = layout.root().resolve(a.path());
        if (Files.exists(file) && a.inputs().stream().noneMatch(in -> newerThan(layout.root().resolve(in), file))) {
            return;
        }
        List<String> command = new ArrayList<>(a.command());
        Path program = layout.root().resolve(command.get(0));
        if (Files.isExecutable(program)) {
            command.set(0, program.toString());
        }
        steps.say("building " + a.path() + " (" + String.join(" ", a.command()) + ")");
        Instant t0 = Instant.now();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String fix = "Run " + String.join(" ", a.command()) + " in " + layout.root() + " to see the error";
        ExternalProcess.Result r;
        try {
            r = new ExternalProcess(command, layout.root(), env, ARTIFACT_TIMEOUT).run();
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, "building " + a.path() + ": " + e.getMessage(), fix, e);
        }
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, "building " + a.path() + " failed: " + r.describeFailure(), fix);
        }
        if (!Files.exists(file)) {
            throw new StackctlException(ExitCode.FAILURE, String.join(" ", a.command()) + " succeeded but did not write " + a.path(), fix);
        }
        steps.say(String.format(Locale.ROOT, "%s built in %.1f s", a.path(), Steps.secondsSince(t0)));
    }

    /** Whether anything under {@code path} (a file or a directory) changed after {@code file}. */
    static boolean newerThan(Path path, Path file) {
        if (!Files.exists(path)) return false;
        try (Stream<Path> walk = Files.walk(path)) {
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
}
