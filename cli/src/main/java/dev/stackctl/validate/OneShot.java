package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;

/** A one-shot job: some service waits for it to complete successfully. */
final class OneShot {
    private OneShot() {}

    static boolean isOneShot(Service s, Stack stack) {
        return stack.services().stream().flatMap(o -> o.dependsOn().stream())
                .anyMatch(d -> d.service().equals(s.name()) && d.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY);
    }
}
