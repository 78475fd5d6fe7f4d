package dev.stackctl.lifecycle;

import dev.stackctl.concurrent.Futures;
import dev.stackctl.engine.BaseImages;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.engine.ProgressSink;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.render.Generator;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.validate.Finding;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Severity;
import dev.stackctl.validate.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * What {@code up} checks before it builds or starts anything: generated files current, the model valid,
 * secrets present, base images there (with {@code --airgap}), host ports free. Each step either passes,
 * repairs what is safe to repair (stale generated files, missing secrets, missing base images), or stops
 * {@code up} with an error that says what to do.
 */
final class Preflight {
    private final ProjectLayout layout;
    private final StackDefinition definition;
    private final Steps steps;

    Preflight(ProjectLayout layout, StackDefinition definition, Steps steps) {
        this.layout = layout;
        this.definition = definition;
        this.steps = steps;
    }

    /** Generate if stale, validate (errors stop here), write missing secrets: local work, no engine. */
    void checkModel() {
        steps.say("checking generated/");
        regenerateIfStale();
        steps.say("validating the stack model");
        List<Finding> errors = Validator.standard().validate(definition.stack(), RuleContext.defaults()).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            errors.forEach(f -> steps.writer().println("  " + f));
            throw new StackctlException(ExitCode.INVALID_STACK, "the stack model has " + errors.size() + " error(s)", "Fix them and run stackctl validate");
        }
        try {
            List<String> added = SecretsFile.ensure(layout.generated(definition).resolve(".env"), definition.stack().requiredVariables());
            if (!added.isEmpty()) {
                steps.say("wrote random " + String.join(", ", added) + " to generated/.env (mode 600)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With the air-gapped profile: whether every base image is current (present, built from today's
     * recipe). Only reads, so it may run before the model is validated; null for other profiles.
     */
    Boolean baseImagesCurrent(ImageProfile profile) {
        if (profile != ImageProfile.AIRGAP) {
            return null;
        }
        return new BaseImages(layout).entries().stream().allMatch(e -> e.state().equals("current"));
    }

    /** Builds the missing or outdated base images (air-gapped profile); {@code knownCurrent} saves looking again. */
    void ensureBaseImages(ImageProfile profile, boolean knownCurrent) {
        if (profile != ImageProfile.AIRGAP) {
            return;
        }
        if (knownCurrent) {
            steps.say("air-gapped base images are current (recipe hashes match)");
            return;
        }
        steps.say("ensuring the air-gapped base images (built from Debian packages; cached by recipe hash)");
        BaseImages.ensureBuilt(layout, ProgressSink.printingTo(steps.writer()));
    }

    /**
     * Stops before anything is built or started when a host port the stack publishes is taken by another
     * program (the engine would refuse that container only after starting its dependencies). Ports the
     * project's own containers publish are fine: that is up on a running stack.
     */
    void requireFreeHostPorts(UpRequest request, Future<DockerEngine> engine) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            Path dotEnv = layout.generated(definition).resolve(".env");
            if (Files.exists(dotEnv)) {
                env.putAll(SecretsFile.read(dotEnv));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.putAll(System.getenv());
        env.putAll(request.portOverrides());
        if (HostPorts.conflicts(definition.stack(), env, Set.of()).isEmpty()) {
            return;
        }
        Set<Integer> own = new HashSet<>();
        for (var c : Futures.await(engine).projectContainers(request.project())) {
            if (c.getPorts() != null) {
                for (var p : c.getPorts()) {
                    if (p.getPublicPort() != null) own.add(p.getPublicPort());
                }
            }
        }
        List<HostPorts.Conflict> conflicts = HostPorts.conflicts(definition.stack(), env, own);
        if (!conflicts.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE,
                    String.join("; ", conflicts.stream().map(HostPorts.Conflict::describe).toList()) + "; nothing was started",
                    conflicts.get(0).fix());
        }
    }

    private void regenerateIfStale() {
        Generator g = new Generator(layout);
        try {
            Map<String, String> files = g.render(definition);
            if (!g.drift(files, layout.generated(definition)).isEmpty()) {
                g.write(files, layout.generated(definition));
                steps.say("generated/ was stale: regenerated from the model");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
