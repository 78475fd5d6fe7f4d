package dev.stackctl.command;

import dev.stackctl.lifecycle.SwarmRun;
import dev.stackctl.lifecycle.Up;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.lifecycle.UpRequest;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.stack.StockTrackerStack;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl up}: generate if stale, validate, build, start, then verify. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Build and start the stack, then prove it healthy (stackctl verify) unless --no-verify.",
            "",
            "Steps: regenerate generated/ if it is stale; validate the model (errors stop here); write random secrets "
                    + "to generated/.env the first time (mode 600); with --airgap, build the base images from Debian packages "
                    + "when missing; check that no other program holds a host port the stack publishes; build the backend jar and the backend and frontend images (with --airgap, then remove the stackctl images those "
                    + "builds left untagged, when no container uses them); docker compose up -d with live "
                    + "per-service progress, starting each service as soon as its dependencies are ready; verify under one --timeout deadline.",
            "",
            "With --target swarm: docker stack deploy of generated/swarm/stack.yml (with --cluster, after pushing the images to "
                    + "the cluster's registry); wait, up to 5 min with progress per node, until every task has its image; then "
                    + "verify under the --timeout deadline."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl up --airgap                       no registry: local base images",
            "  stackctl up --frontend-port 8080           when port 80 is taken",
            "  stackctl up --no-build --chaos             restart test on existing images",
            "  stackctl up -p demo2 --frontend-port 8081  a second copy beside the first",
            "  stackctl up --airgap --topology scaled --replicas 3   collector + 3 API replicas behind nginx",
            "  stackctl up --target swarm --cluster         deploy to the local cluster (stackctl cluster up)"
        })
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Mixin
    VerifyOptions verifyOptions;

    @Option(names = "--frontend-port", paramLabel = "PORT", description = "Host port of the frontend for this run (default: the compose file's, 80).")
    Integer frontendPort;

    @Option(names = "--backend-port", paramLabel = "PORT", description = "Host port (127.0.0.1) of the backend API for this run (default: 8000).")
    Integer backendPort;

    // picocli: a negatable boolean needs defaultValue = "true" (a field initialiser of true makes
    // --no-build a no-op: the negated form "negates the default", i.e. sets true again)
    @Option(names = "--build", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Build the backend and frontend images first (default: ${DEFAULT-VALUE}; --no-build uses existing ones).")
    boolean build;

    @Option(names = "--early-start", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Start each service the moment the engine reports its dependencies ready (default: ${DEFAULT-VALUE}). "
                    + "compose checks depends_on conditions every 0.5 s; stackctl follows the engine's events and starts the "
                    + "waiting container itself, under the same conditions. --no-early-start leaves every start to compose."})
    boolean earlyStart;

    @Option(names = "--airgap", description = "Use base images built locally from Debian packages (generated/airgap.env; built first when missing). No registry needed.")
    boolean airgap;

    @Option(names = "--no-verify", description = "Start the stack and return without verifying it.")
    boolean noVerify;

    @Option(names = "--init-swarm", description = "With --target swarm: when this engine is in no swarm, make it a single-node swarm "
            + "(docker swarm init --advertise-addr 127.0.0.1). Without it, up never initialises one.")
    boolean initSwarm;

    @Override
    public Integer call() {
        if (project.swarm()) {
            if (backendPort != null || verifyOptions.chaos || verifyOptions.output != OutputFormat.text || verifyOptions.junit != null) {
                throw new StackctlException(ExitCode.USAGE, "--backend-port, --chaos, --output json and --junit do not apply to --target swarm yet",
                        "Drop them");
            }
            if (initSwarm && project.onCluster()) {
                throw new StackctlException(ExitCode.USAGE, "--init-swarm does not apply to --cluster (cluster up made its swarm)", "Drop --init-swarm");
            }
            return new SwarmRun(ProjectLayout.locate(), spec.commandLine().getOut(), spec.commandLine().getErr(), project.clusterConnection()).up(new SwarmRun.Request(
                    project.stackName(), airgap || project.onCluster() ? ImageProfile.AIRGAP : ImageProfile.OFFICIAL,
                    frontendPort == null ? null : VerifyOptions.port(frontendPort, "--frontend-port"), initSwarm, build, !noVerify, verifyOptions.timeout()));
        }
        if (initSwarm) {
            throw new StackctlException(ExitCode.USAGE, "--init-swarm needs --target swarm", "Add --target swarm, or drop --init-swarm");
        }
        Map<String, String> ports = new LinkedHashMap<>();
        if (frontendPort != null) ports.put("FRONTEND_PORT", Integer.toString(VerifyOptions.port(frontendPort, "--frontend-port")));
        if (backendPort != null) ports.put("BACKEND_PORT", Integer.toString(VerifyOptions.port(backendPort, "--backend-port")));
        Map<String, Integer> scale = project.scale();
        UpRequest request = new UpRequest(project.name(), airgap ? ImageProfile.AIRGAP : ImageProfile.OFFICIAL, ports, build,
                verifyOptions.timeout(), earlyStart, !noVerify, scale);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = new Up(ProjectLayout.locate(), project.definition(), err)
                .run(request, (target, composeUp, deadline) -> verifyOptions.runAndReport(target, out, err, composeUp, deadline));
        if (noVerify) {
            out.println("stack " + project.name() + " started (not verified: --no-verify)");
        }
        return code;
    }
}
