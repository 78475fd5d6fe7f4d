package dev.stackctl.validate;

import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Two services with the same container_name (resolved with the variables): the second one cannot be created. */
public final class DuplicateContainerNameRule implements Rule {
    @Override
    public String id() {
        return "duplicate-container-name";
    }

    @Override
    public String description() {
        return "container_name must be unique (the engine refuses a second container of the same name)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Service s : stack.services()) {
            if (s.containerName() == null) continue;
            String name = resolved(s.containerName(), context);
            String first = seen.putIfAbsent(name, s.name());
            if (first != null) {
                out.add(Finding.error("services." + s.name() + ".container_name", id(), "container_name '" + name + "' is also the one of '" + first
                        + "', and the engine refuses a second container of that name; rename one, or remove container_name"));
            }
        }
        return out;
    }

    private static String resolved(String raw, RuleContext context) {
        try {
            return Interpolated.parse(raw).resolve(context.variables()).orElse(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
