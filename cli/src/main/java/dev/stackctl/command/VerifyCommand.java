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
            "Prove that the running stack meets every success criterion, reading the truth from the engine and the network: "
                    + "exactly the model's services run; all are healthy before the deadline; the app, /api/ and /health answer "
                    + "through nginx; a WebSocket through nginx receives a message; Redis answers PING and PostgreSQL accepts the "
                    + "configured login; memory limits, restart policies, networks, volumes, users, capabilities, read-only roots, "
                    + "process limits, ulimits and no-new-privileges equal the model's. With --chaos, "
                    + "the main process of each service in turn (backend, Redis, TimescaleDB, nginx) is SIGKILLed and must come back healthy "
                    + "by itself with nothing lost silently; per service the report gives the time to healthy, what a WebSocket client "
                    + "through nginx saw, the backend's rows in flight at its kill, and for the database the rows committed before "
                    + "the crash and those produced while it was away (written later, counted as dropped, or missing), and no row "
                    + "may be written twice. On the scaled topology the collector takes the backend's place, and then the API "
                    + "replica holding the most WebSocket clients is killed: its clients must reconnect through nginx by "
                    + "themselves with a new snapshot, the other replicas' clients must keep their connection and data.",
            "",
            "Exit 5 when a service is not healthy in time, 6 when another criterion fails; the failing service's last health "
                    + "probe and log lines are printed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl verify                                  text report",
            "  stackctl verify --chaos --junit verify.xml       restart test, JUnit for CI",
            "  stackctl verify --output json | jq .checks       machine-readable"
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
        if (project.swarm()) {
            if (verifyOptions.chaos || verifyOptions.output != OutputFormat.text || verifyOptions.junit != null) {
                throw new StackctlException(ExitCode.USAGE, "--chaos, --output json and --junit do not apply to --target swarm yet", "Drop them");
            }
            return new dev.stackctl.lifecycle.SwarmRun(dev.stackctl.model.ProjectLayout.locate(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                    project.clusterConnection())
                    .verify(project.stackName(), dev.stackctl.verify.Deadline.in(verifyOptions.timeout()), Instant.now());
        }
        try (DockerEngine engine = DockerEngine.connect()) {
            List<Container> containers = engine.projectContainers(project.name());
            if (containers.isEmpty()) {
                throw new StackctlException(ExitCode.UNHEALTHY, "no containers of project '" + project.name() + "' exist",
                        "Start the stack with ./stackctl up" + (project.flags()));
            }
            Instant reference = containers.stream().map(c -> Instant.ofEpochSecond(c.getCreated())).min(Instant::compareTo).orElse(Instant.now());
            // which base images the stack runs on is read now; whether they are behind the archive is found while verifying
            java.util.Set<String> recipes = new java.util.TreeSet<>();
            for (Container c : containers) {
                engine.images().inspect(c.getImageId()).map(i -> i.labels().get(dev.stackctl.engine.ImageBuildCommands.RECIPE_LABEL))
                        .ifPresent(recipes::add);
            }
            java.util.concurrent.CompletableFuture<List<String>> stale = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> dev.stackctl.engine.ImageStatus.warnings(List.copyOf(recipes)));
            int code = verifyOptions.runAndReport(new StackTarget(engine, project.name(), project.definition(), reference, project.scale()), spec.commandLine().getOut(), spec.commandLine().getErr());
            try {
                stale.get(10, java.util.concurrent.TimeUnit.SECONDS).forEach(w -> spec.commandLine().getErr().println("stackctl: warning: " + w));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                spec.commandLine().getErr().println("stackctl: warning: could not compare the base images with the archive ("
                        + (e.getCause() == null ? "timed out" : e.getCause().getMessage()) + "); see ./stackctl images status");
            }
            return code;
        }
    }
}
