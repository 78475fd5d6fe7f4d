package dev.stackctl.validate;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;

/** A fixed container_name cannot be shared by several replicas. */
public final class ContainerNameReplicasRule implements Rule {
    @Override
    public String id() {
        return "container-name-replicas";
    }

    @Override
    public String description() {
        return "container_name cannot be combined with deploy.replicas greater than 1";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            if (s.containerName() != null && s.deploy().replicas() != null && s.deploy().replicas() > 1) {
                out.add(Finding.error("services." + s.name() + ".container_name", id(),
                        "'" + s.name() + "' sets container_name '" + s.containerName() + "' with " + s.deploy().replicas()
                                + " replicas, but container names are unique; remove container_name or use one replica"));
            }
        }
        return out;
    }
}
