package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * depends_on conditions that do not mean what they seem with replicas: waiting for a replicated
 * service to complete successfully waits for every replica to exit, which a long-running service with
 * several replicas never does; and a service with zero replicas is never started, so whatever waits
 * for it waits forever.
 */
public final class ReplicaDependencyRule implements Rule {
    @Override
    public String id() {
        return "replica-dependency";
    }

    @Override
    public String description() {
        return "depends_on must not wait for a service with 0 replicas, nor for several replicas to complete";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            for (Dependency d : s.dependsOn()) {
                Optional<Service> target = stack.service(d.service());
                if (target.isEmpty()) {
                    continue; // undefined-reference says so
                }
                Integer replicas = target.get().deploy().replicas();
                String path = "services." + s.name() + ".depends_on." + d.service();
                if (replicas != null && replicas == 0 && d.condition() != Dependency.Condition.SERVICE_STARTED) {
                    out.add(Finding.error(path, id(), "'" + s.name() + "' waits for '" + d.service() + "' to be "
                            + d.condition().composeName().replace("service_", "") + ", but '" + d.service() + "' has 0 replicas and never starts;"
                            + " give it a replica or remove the dependency"));
                } else if (replicas != null && replicas > 1 && d.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY) {
                    out.add(Finding.warning(path, id(), "'" + s.name() + "' waits for all " + replicas + " replicas of '" + d.service()
                            + "' to exit 0; a one-shot job should run as one replica, a long-running service should be waited for with"
                            + " condition: service_healthy"));
                }
            }
        }
        return out;
    }
}
