package dev.stackctl.command;

import com.github.dockerjava.api.model.Container;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.verify.StackTarget;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl verify}: prove a running stack meets every success criterion. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Prove the running stack meets the success criteria, reading everything from the engine and the network:",
            "exactly the model's services; all healthy before the deadline; the app, /api/ and /health through nginx;",
            "a WebSocket message through nginx; Redis PING and a PostgreSQL login with the configured credentials;",
            "memory limits, restart policies, networks and volumes equal to the model; with --chaos, recovery from SIGKILL.",
            "Exit 5 when a service is not healthy in time, 6 when another criterion fails."
        })
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Mixin
    VerifyOptions verifyOptions;

    @Override
    public Integer call() throws Exception {
        verifyOptions.timeout();
        try (DockerEngine engine = DockerEngine.connect()) {
            List<Container> containers = engine.projectContainers(project.project);
            if (containers.isEmpty()) {
                throw new StackctlException(ExitCode.UNHEALTHY, "no containers of project '" + project.project + "' exist",
                        "Start the stack with ./stackctl up" + (project.project.equals(StockTrackerStack.PROJECT) ? "" : " --project-name " + project.project));
            }
            Instant reference = containers.stream().map(c -> Instant.ofEpochSecond(c.getCreated())).min(Instant::compareTo).orElse(Instant.now());
            return verifyOptions.runAndReport(new StackTarget(engine, project.project, StockTrackerStack.define(), reference), spec.commandLine().getOut());
        }
    }
}
