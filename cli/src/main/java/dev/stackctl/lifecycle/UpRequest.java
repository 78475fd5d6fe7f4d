package dev.stackctl.lifecycle;

import dev.stackctl.stack.ImageProfile;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code up} was asked to do.
 *
 * @param portOverrides compose variables that move host ports for this run (e.g. FRONTEND_PORT=8080)
 * @param build         build the artifacts and application images first (else use existing images)
 * @param timeout       the one deadline, from compose up, for the stack to be healthy and verified
 * @param earlyStart    start a service as soon as its dependencies are ready ({@link DependencyStarter})
 *                      rather than leave every start to compose's 0.5 s dependency poll
 * @param verify        verify as services become healthy (else return once compose returned)
 * @param scale         replicas per service for this run where they differ from the compose file's
 *                      ({@code docker compose up --scale}), e.g. api=5
 */
public record UpRequest(String project, ImageProfile profile, Map<String, String> portOverrides, boolean build, Duration timeout,
                        boolean earlyStart, boolean verify, Map<String, Integer> scale) {
    public UpRequest {
        portOverrides = Map.copyOf(portOverrides);
        scale = Map.copyOf(scale);
    }

    public UpRequest(String project, ImageProfile profile, Map<String, String> portOverrides, boolean build, Duration timeout,
                     boolean earlyStart, boolean verify) {
        this(project, profile, portOverrides, build, timeout, earlyStart, verify, Map.of());
    }
}
