package dev.stackctl.lifecycle;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which services an {@code up} on a running stack must recreate. Compose v2 recreates every service that
 * depends on a recreated one, changed or not (docker/compose#10308; {@code depends_on.restart: false}
 * does not prevent it): raising the database's memory limit would also restart the backend and, behind
 * it, nginx. When every service of the model already runs with as many containers as the model asks
 * for, no other service has containers, and only some services differ from what compose would create
 * now, {@code up} names just those, with {@code --no-deps}; otherwise it leaves the whole project to
 * compose. A service differs when a container's {@code config-hash} label is not
 * {@code docker compose config --hash} of the service, or when its image tag now names another image
 * (a rebuilt image keeps its tag, so the hash alone misses it; compose itself compares image ids).
 *
 * <p>Only services without {@code depends_on} are recreated this way: compose 2.26 creates a service named
 * with {@code --no-deps} from its configuration minus {@code depends_on} (docker/compose#12069), so its
 * container's config hash would differ from the file's and every later {@code up} would recreate it again.
 * A change to a service with dependencies (the backend, nginx) is left to compose, which also recreates
 * the services that depend on it.
 */
final class ChangedServices {
    /**
     * A container of the project as the engine reports it; {@code imageCurrent} when its image is the
     * one its image reference names now.
     */
    record Running(String service, String configHash, String state, boolean imageCurrent) {}

    private ChangedServices() {}

    /**
     * The services to recreate alone, in the model's order; empty when compose should converge the whole
     * project (nothing runs yet, something is missing or stopped, the replica count differs, a service
     * that is not in the model has containers, a changed service has dependencies, or nothing or
     * everything changed).
     */
    static List<String> only(Stack stack, Map<String, String> composeHashes, List<Running> containers) {
        Map<String, List<Running>> byService = new HashMap<>();
        containers.forEach(c -> byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c));
        List<String> changed = new ArrayList<>();
        for (Service s : stack.services()) {
            List<Running> running = byService.remove(s.name());
            String hash = composeHashes.get(s.name());
            if (hash == null || running == null || running.size() != s.deploy().replicaCount()
                    || running.stream().anyMatch(c -> !"running".equals(c.state()))) {
                return List.of();
            }
            if (running.stream().anyMatch(c -> !hash.equals(c.configHash()) || !c.imageCurrent())) {
                if (!s.dependsOn().isEmpty()) {
                    return List.of(); // --no-deps would drop its depends_on from its config hash: see the class comment
                }
                changed.add(s.name());
            }
        }
        if (!byService.isEmpty()) {
            return List.of(); // containers of services the model no longer has: --remove-orphans on the whole project
        }
        return changed.size() == stack.services().size() ? List.of() : List.copyOf(changed);
    }

    /** {@code docker compose config --hash "*"}: one "service hash" line per service. */
    static Map<String, String> parseHashes(String output) {
        Map<String, String> hashes = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                hashes.put(parts[0], parts[1]);
            }
        }
        return hashes;
    }
}
