package dev.stackctl.lifecycle;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.ImageProfile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * The stack's images, built without starting anything: what {@code up} does before compose up (the
 * model checked and its secrets written, the air-gapped base images when asked for, the artifacts, then
 * {@code docker compose build} of the compose file). {@code docker stack deploy} builds nothing, so a
 * swarm deploy needs them first; the swarm stack runs the scaled topology's images.
 */
public final class StackImages {
    private StackImages() {}

    /** Builds the images of {@code compose} (a compose definition, e.g. the scaled topology's), printing progress to {@code err}. */
    public static void build(ProjectLayout layout, StackDefinition compose, ImageProfile profile, PrintWriter err) {
        Steps steps = new Steps(err);
        Preflight preflight = new Preflight(layout, compose, steps);
        preflight.checkModel(); // compose build interpolates the whole file: its required secrets must be set
        preflight.ensureBaseImages(profile, Boolean.TRUE.equals(preflight.baseImagesCurrent(profile)));
        String project = compose.stack().name();
        new AppImages(layout, compose, steps).build(ComposeCli.require(), ComposeUp.project(layout, compose, project, profile),
                new UpRequest(project, profile, Map.of(), true, Duration.ofMinutes(1), false, false));
    }
}
