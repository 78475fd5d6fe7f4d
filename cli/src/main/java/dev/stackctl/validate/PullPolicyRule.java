package dev.stackctl.validate;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;

/**
 * A service with both {@code build} and {@code image} and no {@code pull_policy}: {@code docker compose
 * pull} (and {@code up} where the image is missing and pulling is allowed) fetches whatever a registry
 * holds under that name instead of building it, so a name that exists publicly runs someone else's image.
 */
public final class PullPolicyRule implements Rule {
    @Override
    public String id() {
        return "build-image-pull-policy";
    }

    @Override
    public String description() {
        return "a service with build and image needs a pull_policy (else a registry's image of that name may be used instead of the build)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        if (SwarmRules.applies(stack, context)) {
            return List.of(); // a stack file has no pull_policy; swarm-build-without-image says what matters there
        }
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            if (s.build() != null && s.image() != null && s.pullPolicy() == null) {
                out.add(Finding.warning("services." + s.name() + ".image", id(), "'" + s.name() + "' sets both build and image '" + s.image()
                        + "' without pull_policy, so a registry's image of that name may be pulled instead of built; set pull_policy: build "
                        + "(always build) or never (use the local build only)"));
            }
        }
        return out;
    }
}
