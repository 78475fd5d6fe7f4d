package dev.stackctl.validate;

import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs every rule over a stack and returns all findings, sorted (errors first, then by path). */
public final class Validator {
    private final List<Rule> rules;

    public Validator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** All built-in rules. */
    public static Validator standard() {
        return new Validator(List.of(
                new UndefinedReferenceRule(),
                new DependencyCycleRule(),
                new HealthyDependencyRule(),
                new HealthTimingRule(),
                new MissingHealthCheckRule(),
                new MemoryLimitRule(),
                new RestartPolicyRule(),
                new DuplicateHostPortRule(),
                new ExposedDatabasePortRule(),
                new LiteralSecretRule(),
                new ImageTagRule(),
                new ContainerNameReplicasRule()));
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Finding> validate(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            out.addAll(r.check(stack, context));
        }
        Collections.sort(out);
        return out;
    }

    /** Reads a compose file and validates what could be read; read errors are findings too. */
    public List<Finding> validateFile(String yaml, RuleContext context) {
        ComposeReader.Result read = ComposeReader.read(yaml);
        List<Finding> out = new ArrayList<>(read.findings());
        if (read.stack() != null) {
            out.addAll(validate(read.stack(), context));
        }
        Collections.sort(out);
        return out;
    }
}
