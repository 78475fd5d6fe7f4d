package dev.stackctl.validate;

import java.time.Duration;
import java.util.Map;

/**
 * What rules may need beyond the stack: the readiness deadline the stack must meet and the variables
 * used to resolve {@code ${VAR:-default}} values (empty: defaults apply).
 */
public record RuleContext(Duration deadline, Map<String, String> variables) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public RuleContext {
        variables = Map.copyOf(variables);
    }

    public static RuleContext defaults() {
        return new RuleContext(DEFAULT_DEADLINE, Map.of());
    }
}
