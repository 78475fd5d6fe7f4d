package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code condition: service_healthy} on a service that has no (or a disabled) health check. */
public final class HealthyDependencyRule implements Rule {
    @Override
    public String id() {
        return "healthy-without-healthcheck";
    }

    @Override
    public String description() {
        return "service_healthy needs the dependency to have an enabled health check";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            for (Dependency d : s.dependsOn()) {
                if (d.condition() != Dependency.Condition.SERVICE_HEALTHY) continue;
                Optional<Service> target = stack.service(d.service());
                if (target.isEmpty()) continue; // reported by undefined-reference
                Optional<HealthCheck> hc = target.get().healthCheck();
                if (hc.isEmpty() || hc.get().isDisabled()) {
                    out.add(Finding.error("services." + s.name() + ".depends_on." + d.service() + ".condition", id(),
                            "waits for '" + d.service() + "' to be healthy, but '" + d.service() + "' has "
                                    + (hc.isEmpty() ? "no health check" : "its health check disabled")
                                    + " and would never become healthy; add a healthcheck to it or use service_started"));
                }
            }
        }
        return out;
    }
}
