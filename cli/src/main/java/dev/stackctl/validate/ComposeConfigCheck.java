package dev.stackctl.validate;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.model.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code docker compose config --quiet} on a compose file, the reference implementation's own
 * check. Required variables ({@code ${VAR:?...}}) get a placeholder value so that only the file's
 * structure is judged, not whether this machine has secrets set.
 */
public final class ComposeConfigCheck {
    public static final String RULE = "compose-config";
    public static final String MISSING_RULE = "compose-cli-missing";

    private final Optional<ComposeCli> cli;

    public ComposeConfigCheck(Optional<ComposeCli> cli) {
        this.cli = cli;
    }

    public Optional<String> cliDescription() {
        return cli.map(ComposeCli::describe);
    }

    public List<Finding> check(Path composeFile, Stack stack, boolean requireCompose) {
        return check(List.of(composeFile), List.of(), List.of(), stack, requireCompose);
    }

    /** The project as {@code docker compose -f F... --env-file E... --profile P... config} sees it. */
    public List<Finding> check(List<Path> composeFiles, List<Path> envFiles, List<String> profiles, Stack stack, boolean requireCompose) {
        if (cli.isEmpty()) {
            String msg = "no compose CLI found, so 'docker compose config' was not run; install Docker Compose v2 (bin/setup)";
            return List.of(requireCompose ? Finding.error("(file)", MISSING_RULE, msg + " or drop --require-compose")
                    : Finding.warning("(file)", MISSING_RULE, msg + "; only the built-in rules were applied"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (stack != null) {
            for (String name : stack.requiredVariables()) {
                if (System.getenv(name) == null) {
                    env.put(name, "placeholder-for-validation");
                }
            }
        }
        ComposeCli.Project project = new ComposeCli.Project("stackctl-validate", composeFiles.get(0).toAbsolutePath(),
                envFiles.stream().map(Path::toAbsolutePath).toList());
        List<String> args = new ArrayList<>();
        for (Path more : composeFiles.subList(1, composeFiles.size())) {
            args.add("--file");
            args.add(more.toAbsolutePath().toString());
        }
        for (String p : profiles) {
            args.add("--profile");
            args.add(p);
        }
        args.add("config");
        args.add("--quiet");
        ExternalProcess.Result r = cli.get().run(project, env, Duration.ofSeconds(60), args.toArray(String[]::new));
        if (r.ok()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        // Compose prints its own warnings as log lines; keep only the reason it failed.
        String words = String.join(" ", r.stderrTail().lines().filter(l -> !l.contains("level=warning")).toList()).strip();
        out.add(Finding.error("(file)", RULE, cli.get().describe() + " rejected the file: " + (words.isEmpty() ? "exit " + r.exitCode() : words)));
        return out;
    }
}
