package dev.stackctl.lifecycle;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.ImageProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker compose down} of a project, its volumes only when asked. */
public final class Down {
    private final ProjectLayout layout;
    private final StackDefinition definition;
    private final Stack stack;

    public Down(ProjectLayout layout, StackDefinition definition) {
        this.layout = layout;
        this.definition = definition;
        this.stack = definition.stack();
    }

    public void run(ComposeCli compose, String project, boolean volumes) {
        List<String> args = new ArrayList<>(List.of("down", "--remove-orphans", "--timeout", "20"));
        if (volumes) {
            args.add("--volumes");
        }
        // compose interpolates the whole file even to stop it: give required secrets a placeholder when
        // generated/.env is gone, so a stack can always be taken down.
        Map<String, String> env = new LinkedHashMap<>();
        try {
            Map<String, String> secrets = SecretsFile.read(layout.generated(definition).resolve(".env"));
            stack.requiredVariables().stream().filter(v -> !secrets.containsKey(v)).forEach(v -> env.put(v, "unused-by-down"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compose.runChecked(ComposeUp.project(layout, definition, project, ImageProfile.OFFICIAL), env, Duration.ofMinutes(3), "docker compose down",
                args.toArray(String[]::new));
    }
}
