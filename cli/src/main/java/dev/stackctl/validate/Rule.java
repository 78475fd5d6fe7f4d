package dev.stackctl.validate;

import dev.stackctl.model.Stack;
import java.util.List;

/** One concern checked over a whole stack; yields every finding, never stops at the first. */
public interface Rule {
    /** Stable id used in reports and JUnit test names, e.g. {@code dependency-cycle}. */
    String id();

    /** One line saying what the rule guards, for {@code validate --list-rules}. */
    String description();

    List<Finding> check(Stack stack, RuleContext context);
}
