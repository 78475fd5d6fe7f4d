package dev.stackctl.validate;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;

/** Services without a memory limit can take the whole host down with them. */
public final class MemoryLimitRule implements Rule {
    @Override
    public String id() {
        return "missing-memory-limit";
    }

    @Override
    public String description() {
        return "every service needs deploy.resources.limits.memory";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            if (s.deploy().resources() == null || s.deploy().resources().memoryLimit() == null) {
                out.add(Finding.warning("services." + s.name() + ".deploy.resources.limits.memory", id(),
                        "'" + s.name() + "' has no memory limit; set deploy.resources.limits.memory (e.g. 512M)"));
            }
        }
        return out;
    }
}
