package dev.stackctl.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What rules may need beyond the stack: the readiness deadline the stack must meet, the variables used
 * to resolve {@code ${VAR:-default}} values (empty: defaults apply), what deploys the stack (the swarm
 * rules apply to Swarm only; {@code validate} takes a file named like a stack file, e.g. stack.yml, for
 * Swarm), and whether the kernel has IPVS (Swarm's routing mesh and virtual IPs need it).
 *
 * @param ipvs false unless known to be there: the machines this runs on have none; {@code validate}
 *             looks at this host's kernel ({@link #hostHasIpvs()})
 */
public record RuleContext(Duration deadline, Map<String, String> variables, Orchestrator target, boolean ipvs) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /** What deploys the stack: {@code docker compose} or {@code docker stack deploy}. */
    public enum Orchestrator { COMPOSE, SWARM }

    public RuleContext {
        variables = Map.copyOf(variables);
        target = target == null ? Orchestrator.COMPOSE : target;
    }

    public RuleContext(Duration deadline, Map<String, String> variables) {
        this(deadline, variables, Orchestrator.COMPOSE, false);
    }

    public static RuleContext defaults() {
        return new RuleContext(DEFAULT_DEADLINE, Map.of());
    }

    public RuleContext withTarget(Orchestrator t, boolean hasIpvs) {
        return new RuleContext(deadline, variables, t, hasIpvs);
    }

    /** Whether this host's kernel has IPVS (the directory exists once the ip_vs module is loaded or built in). */
    public static boolean hostHasIpvs() {
        return Files.isDirectory(Path.of("/proc/sys/net/ipv4/vs"));
    }
}
