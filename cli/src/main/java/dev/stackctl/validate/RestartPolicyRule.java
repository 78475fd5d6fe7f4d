package dev.stackctl.validate;

import dev.stackctl.model.RestartPolicy;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;

/** Long-running services must restart by themselves; one-shot jobs must not restart forever. */
public final class RestartPolicyRule implements Rule {
    @Override
    public String id() {
        return "restart-policy";
    }

    @Override
    public String description() {
        return "long-running services need a restart policy; one-shot jobs must not use 'always'";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            String p = "services." + s.name() + ".restart";
            boolean oneShot = OneShot.isOneShot(s, stack);
            RestartPolicy r = s.restart();
            if (oneShot) {
                if (r != null && (r.kind() == RestartPolicy.Kind.ALWAYS || r.kind() == RestartPolicy.Kind.UNLESS_STOPPED)) {
                    out.add(Finding.error(p, id(), "'" + s.name() + "' is a one-shot job (others wait for it to complete) but restarts '"
                            + r + "', so it would run again after completing; use 'no' or 'on-failure'"));
                }
            } else if ((r == null && s.deploy().restartPolicy() == null) || (r != null && r.kind() == RestartPolicy.Kind.NO)) {
                out.add(Finding.warning(p, id(), "'" + s.name() + "' " + (r == null ? "has no restart policy" : "never restarts")
                        + ", so a crash stops it for good; set restart: unless-stopped"));
            }
        }
        return out;
    }
}
