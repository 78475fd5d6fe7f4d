package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Target;
import dev.stackctl.stack.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl generate}: renders generated/ from the model, or checks it for drift. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Render generated/docker-compose.yml, nginx.conf, .env.example and airgap.env from the stack model, for every "
                    + "topology: single into generated/, scaled (collector + API replicas) into generated/scaled/; and the scaled "
                    + "stack as a Docker Swarm stack file into generated/swarm/ (stack.yml, nginx.conf, .env.example). "
                    + "With --check, write nothing: print a unified diff and exit 1 when a file is stale (CI's drift check)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl generate                      update generated/, generated/scaled/ and generated/swarm/ after changing the model",
            "  stackctl generate --check              fail when any generated file is stale (CI)",
            "  stackctl generate --topology scaled    only generated/scaled/",
            "  stackctl generate --target swarm       only generated/swarm/",
            "  stackctl generate -o /tmp/stack --publish-databases"
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Directory to write into (default: generated/ of the project); "
            + "the scaled topology goes into its scaled/ subdirectory, the swarm stack into swarm/.")
    Path output;

    @Option(names = "--check", description = "Compare instead of writing; exit 1 with a diff when files differ.")
    boolean check;

    @Option(names = "--topology", paramLabel = "NAME", description = "Only this topology of the compose target: single or scaled (default: both).")
    String topology;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target: compose (docker compose files) or swarm "
            + "(the scaled stack as a stack file for docker stack deploy) (default: both).")
    String target;

    @Override
    public Integer call() throws IOException {
        ProjectLayout layout = ProjectLayout.locate();
        Generator generator = new Generator(layout);
        List<StackDefinition> definitions = definitions();
        var out = spec.commandLine().getOut();
        StringBuilder diffs = new StringBuilder();
        int count = 0;
        for (StackDefinition definition : definitions) {
            Map<String, String> files = generator.render(definition);
            Path dir = output == null ? layout.generated(definition)
                    : definition.directory().isEmpty() ? output : output.resolve(definition.directory());
            count += files.size();
            if (check) {
                diffs.append(generator.drift(files, dir));
                continue;
            }
            generator.write(files, dir);
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.printf("wrote %s (%d bytes)%n", dir.resolve(f.getKey()), f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }
        if (check) {
            if (!diffs.isEmpty()) {
                out.print(diffs);
                out.flush();
                throw new StackctlException(ExitCode.FAILURE, "generated files differ from the model",
                        "Run ./stackctl generate and commit the result");
            }
            out.println("generated files are up to date (" + count + " files: " + definitions.stream()
                    .map(d -> d.directory().isEmpty() ? "generated/" : "generated/" + d.directory() + "/")
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        return ExitCode.SUCCESS.code();
    }

    /** What --target and --topology select: the compose topologies, then the swarm stack. */
    private List<StackDefinition> definitions() {
        Target only;
        try {
            only = target == null ? null : Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--target: " + e.getMessage(), "Use --target compose or --target swarm");
        }
        List<Topology> topologies;
        try {
            topologies = topology == null ? List.of(Topology.values()) : List.of(Topology.parse(topology));
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--topology: " + e.getMessage(), "Use --topology single or --topology scaled");
        }
        StackOptions options = stackOptions.options();
        List<StackDefinition> definitions = new ArrayList<>();
        if (only != Target.SWARM) {
            topologies.forEach(t -> definitions.add(StockTrackerStack.definition(options.withTopology(t, StackOptions.DEFAULT_REPLICAS))));
        }
        if (only == Target.SWARM || (only == null && topology == null)) {
            if (only == Target.SWARM && topologies.contains(Topology.SINGLE) && topology != null) {
                throw new StackctlException(ExitCode.USAGE, "--target swarm runs the scaled topology, not --topology " + topology,
                        "Drop --topology, or use --topology scaled");
            }
            if (only == Target.SWARM && options.publishDatabases()) {
                throw new StackctlException(ExitCode.USAGE, "--publish-databases: a swarm stack file cannot publish a port on 127.0.0.1 only "
                        + "(host_ip is not allowed), and the databases are never published on every interface",
                        "Drop --publish-databases; reach them with docker exec on their node");
            }
            definitions.add(SwarmStack.definition(options.withTopology(Topology.SCALED, StackOptions.DEFAULT_REPLICAS)));
        }
        return definitions;
    }
}
