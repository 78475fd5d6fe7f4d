package dev.stackctl.validate;

import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service with several replicas cannot publish one fixed host port: the first replica binds it and
 * every other one fails to start ("port is already allocated"). A range at least as wide as the
 * replicas, or no published port (the replicas reached over the network, e.g. through a proxy), works.
 */
public final class ReplicaHostPortRule implements Rule {
    @Override
    public String id() {
        return "replica-host-port";
    }

    @Override
    public String description() {
        return "a service with deploy.replicas > 1 must not publish a fixed host port (only the first replica could bind it)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            int replicas = s.deploy().replicaCount();
            if (replicas <= 1) {
                continue;
            }
            for (int i = 0; i < s.ports().size(); i++) {
                PortBinding p = s.ports().get(i);
                if (p.mode() == PortBinding.Mode.HOST || p.published() == null) {
                    continue; // no host port, or swarm's host mode (one task per node)
                }
                String published = p.published().resolve(Map.of()).orElse(null);
                if (published == null || published.contains("-") && rangeSize(published) >= replicas) {
                    continue;
                }
                out.add(Finding.error("services." + s.name() + ".ports[" + i + "]", id(),
                        "'" + s.name() + "' runs " + replicas + " replicas but publishes host port " + published + " for " + p.target()
                                + ": only one replica can bind it and the others fail to start; drop the published port and reach the"
                                + " replicas over the network (e.g. through a proxy), or publish a range of " + replicas + " ports"));
            }
        }
        return out;
    }

    private static int rangeSize(String range) {
        try {
            String[] ends = range.split("-", 2);
            return Integer.parseInt(ends[1].trim()) - Integer.parseInt(ends[0].trim()) + 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
