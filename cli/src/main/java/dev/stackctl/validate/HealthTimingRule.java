package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Durations;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health check timing that cannot meet the readiness deadline.
 *
 * <p>The earliest moment a service can be healthy is its first probe: {@code start_interval} while in the
 * start period (when both are set), otherwise {@code interval}. A service that waits for others to be
 * healthy starts only after them, so the earliest-healthy times add up along depends_on chains; when that
 * sum exceeds the deadline the stack cannot be healthy in time (error). Separately, when
 * {@code interval x retries} exceeds the deadline, a failing service is reported unhealthy only after the
 * deadline (warning).
 */
public final class HealthTimingRule implements Rule {
    @Override
    public String id() {
        return "healthcheck-timing";
    }

    @Override
    public String description() {
        return "the first health probe along each depends_on chain must fit the readiness deadline";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        Map<String, Duration> memo = new HashMap<>();
        Duration deadline = context.deadline();
        for (Service s : stack.services()) {
            Optional<HealthCheck> hc = s.healthCheck().filter(h -> !h.isDisabled());
            if (hc.isEmpty()) continue;
            String p = "services." + s.name() + ".healthcheck";
            Duration chain = earliestHealthy(s, stack, memo, 0);
            if (chain.compareTo(deadline) > 0) {
                out.add(Finding.error(p + ".interval", id(), "'" + s.name() + "' can be healthy " + Durations.format(chain)
                        + " after start at the earliest (first probe" + (chain.equals(firstProbe(hc.get())) ? "" : " after its healthy dependencies")
                        + "), more than the " + Durations.format(deadline) + " deadline; set start_interval (e.g. 1s) with a start_period, or a shorter interval"));
            }
            Duration detection = hc.get().effectiveInterval().multipliedBy(hc.get().effectiveRetries());
            if (detection.compareTo(deadline) > 0) {
                out.add(Finding.warning(p + ".retries", id(), "interval x retries = " + Durations.format(detection)
                        + ": a failing '" + s.name() + "' is reported unhealthy only after the " + Durations.format(deadline)
                        + " deadline; lower the interval or the retries"));
            }
        }
        return out;
    }

    static Duration firstProbe(HealthCheck h) {
        return h.startPeriod() != null && h.startInterval() != null && !h.startPeriod().isZero()
                ? h.startInterval() : h.effectiveInterval();
    }

    private static Duration earliestHealthy(Service s, Stack stack, Map<String, Duration> memo, int depth) {
        Duration known = memo.get(s.name());
        if (known != null) return known;
        if (depth > stack.services().size()) return Duration.ZERO; // a cycle; reported by dependency-cycle
        Duration before = Duration.ZERO;
        for (Dependency d : s.dependsOn()) {
            if (d.condition() != Dependency.Condition.SERVICE_HEALTHY) continue;
            Optional<Service> dep = stack.service(d.service());
            if (dep.isPresent() && dep.get().healthCheck().filter(h -> !h.isDisabled()).isPresent()) {
                Duration t = earliestHealthy(dep.get(), stack, memo, depth + 1);
                if (t.compareTo(before) > 0) before = t;
            }
        }
        Duration own = s.healthCheck().filter(h -> !h.isDisabled()).map(HealthTimingRule::firstProbe).orElse(Duration.ZERO);
        Duration total = before.plus(own);
        memo.put(s.name(), total);
        return total;
    }
}
