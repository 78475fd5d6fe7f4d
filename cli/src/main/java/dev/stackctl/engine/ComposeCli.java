package dev.stackctl.engine;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives the compose CLI: v2 ({@code docker compose}) when present, else v1 ({@code docker-compose}).
 * Every call is an argument list with the project name, compose file and env files spelled out.
 */
public final class ComposeCli {
    private final List<String> base;
    private final String version;

    private ComposeCli(List<String> base, String version) {
        this.base = List.copyOf(base);
        this.version = version;
    }

    /** Finds a compose CLI, or empty when none is installed. */
    public static Optional<ComposeCli> detect() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> cmd = new ArrayList<>(candidate);
            cmd.add("version");
            cmd.add("--short");
            try {
                ExternalProcess.Result r = new ExternalProcess(cmd, Path.of("").toAbsolutePath(), Map.of(), Duration.ofSeconds(15)).run();
                if (r.ok()) {
                    return Optional.of(new ComposeCli(candidate, r.stdout().strip()));
                }
            } catch (IOException e) {
                // not installed, or it hung: try the next one
            }
        }
        return Optional.empty();
    }

    public static ComposeCli require() {
        return detect().orElseThrow(() -> new StackctlException(ExitCode.DOCKER_UNAVAILABLE,
                "no compose CLI found (neither 'docker compose' nor 'docker-compose')",
                "Install Docker Compose v2: bin/setup, or apt-get install docker-compose"));
    }

    public String version() {
        return version;
    }

    public String describe() {
        return String.join(" ", base) + " " + version;
    }

    /** The common prefix: program, project name, compose file and env files. */
    public List<String> command(Project project, String... args) {
        List<String> cmd = new ArrayList<>(base);
        cmd.add("--project-name");
        cmd.add(project.name());
        cmd.add("--file");
        cmd.add(project.composeFile().toString());
        for (Path env : project.envFiles()) {
            cmd.add("--env-file");
            cmd.add(env.toString());
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs compose in the compose file's directory; a program that cannot start or hangs is an error. */
    public ExternalProcess.Result run(Project project, Map<String, String> env, Duration timeout, ExternalProcess.Heartbeat heartbeat, String... args) {
        try {
            return new ExternalProcess(command(project, args), project.composeFile().toAbsolutePath().getParent(), env, timeout).run(heartbeat);
        } catch (ExternalProcess.NotStartedException e) {
            throw new StackctlException(ExitCode.DOCKER_UNAVAILABLE, e.getMessage(), "Install Docker Compose v2: bin/setup", e);
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, "compose " + args[0] + ": " + e.getMessage(), "", e);
        }
    }

    public ExternalProcess.Result run(Project project, Map<String, String> env, Duration timeout, String... args) {
        return run(project, env, timeout, null, args);
    }

    /** Runs and fails with the program's own words when it exits non-zero. */
    public ExternalProcess.Result runChecked(Project project, Map<String, String> env, Duration timeout, String what, String... args) {
        ExternalProcess.Result r = run(project, env, timeout, args);
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, what + " failed: " + r.describeFailure(),
                    "Rerun with --stacktrace for details");
        }
        return r;
    }

    /** A compose project: its name, file and env files (later files override earlier ones). */
    public record Project(String name, Path composeFile, List<Path> envFiles) {
        public Project {
            envFiles = List.copyOf(envFiles);
        }
    }
}
