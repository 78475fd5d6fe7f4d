package dev.stackctl.validate;

import dev.stackctl.compose.ComposeReader;
import dev.stackctl.compose.Problem;
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
        List<Rule> rules = new ArrayList<>(List.of(
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
                new ContainerNameReplicasRule(),
                new DuplicateContainerNameRule(),
                new PullPolicyRule(),
                new ReplicaHostPortRule(),
                new ReplicaDependencyRule()));
        rules.addAll(HostAccessRules.all());
        rules.addAll(SwarmRules.all());
        return new Validator(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Finding> validate(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            try {
                out.addAll(r.check(stack, context));
            } catch (RuntimeException | StackOverflowError failure) {
                out.add(Finding.error("(file)", Problem.INTERNAL_ERROR, "rule " + r.id() + " failed on this file (" + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage().replace('\n', ' ')) + "); the other rules ran. Please report it"));
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Reads a compose file and validates what could be read; read problems are findings too, and every finding has a position. */
    public List<Finding> validateFile(String yaml, RuleContext context) {
        return validate(ComposeReader.read(yaml), context);
    }

    /** Validates what a reader made of a file; each rule's finding is placed where its path was written. */
    public List<Finding> validate(ComposeReader.Result read, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        boolean swarm = read.stack() != null && SwarmRules.applies(read.stack(), context);
        for (Problem p : read.problems()) {
            if (!(swarm && dev.stackctl.compose.KeyCheck.isSwarmOnlyKey(p))) { // Swarm reads them
                out.add(Finding.of(p));
            }
        }
        if (read.stack() != null) {
            for (Finding f : validate(read.stack(), context)) {
                String path = read.filePath(f.path());
                Finding placed = path.equals(f.path()) ? f : new Finding(path, f.ruleId(), f.severity(), f.message(), f.at());
                out.add(placed.at() == null ? placed.at(read.locate(path)) : placed);
            }
        }
        Collections.sort(out);
        return out;
    }
}
