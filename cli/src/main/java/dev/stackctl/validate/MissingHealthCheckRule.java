package dev.stackctl.validate;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;

/** Long-running services without a health check cannot be proven healthy. */
public final class MissingHealthCheckRule implements Rule {
    @Override
    public String id() {
        return "missing-healthcheck";
    }

    @Override
    public String description() {
        return "every long-running service needs a health check (verify and depends_on rely on it)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            if (OneShot.isOneShot(s, stack)) continue;
            if (s.healthCheck().isEmpty()) {
                out.add(Finding.warning("services." + s.name() + ".healthcheck", id(),
                        "'" + s.name() + "' has no health check, so nothing can prove it works; add a healthcheck whose tool exists in the image"));
            } else if (s.healthcheck().isDisabled()) {
                out.add(Finding.warning("services." + s.name() + ".healthcheck", id(),
                        "'" + s.name() + "' has its health check disabled; enable one unless the service is a one-shot job"));
            }
        }
        return out;
    }
}
