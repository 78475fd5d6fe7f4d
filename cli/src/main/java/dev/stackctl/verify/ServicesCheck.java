package dev.stackctl.verify;

import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Criterion 1: the project runs exactly the model's services, one container each (or each service's replicas). */
public final class ServicesCheck implements Readiness {
    @Override
    public String id() {
        return "services";
    }

    @Override
    public String criterion() {
        return "up starts exactly the model's services";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        TreeSet<String> expected = new TreeSet<>(target.model().serviceNames());
        String problem = null;
        String evidence = "";
        // Containers may still be being created just after `up`; look again until the deadline.
        do {
            Map<String, List<Container>> actual = target.containersByService();
            List<String> problems = new ArrayList<>();
            for (String s : expected) {
                if (!actual.containsKey(s)) problems.add("missing " + s);
            }
            for (Map.Entry<String, List<Container>> e : actual.entrySet()) {
                if (!expected.contains(e.getKey())) problems.add("unexpected service " + e.getKey());
                else if (e.getValue().size() != target.expectedReplicas(e.getKey())) {
                    problems.add(e.getKey() + " has " + e.getValue().size() + " containers, expected " + target.expectedReplicas(e.getKey()));
                }
            }
            evidence = "containers of project " + target.project() + ": " + describe(actual);
            problem = problems.isEmpty() ? null : String.join(", ", problems);
            if (problem == null) {
                return CheckResult.passed(this, evidence, Duration.between(start, Instant.now()));
            }
        } while (deadline.pause(Duration.ofMillis(250)));
        return CheckResult.failed(this, problem + "; " + evidence, Duration.between(start, Instant.now()), null);
    }

    private static String describe(Map<String, List<Container>> actual) {
        if (actual.isEmpty()) {
            return "none (is the stack up? run stackctl up)";
        }
        List<String> parts = new ArrayList<>();
        actual.forEach((svc, cs) -> cs.forEach(c -> parts.add(svc + "=" + c.getState())));
        return String.join(", ", parts);
    }
}
