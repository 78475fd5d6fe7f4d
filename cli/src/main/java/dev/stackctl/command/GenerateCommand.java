package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
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
                    + "topology: single into generated/, scaled (collector + API replicas) into generated/scaled/. "
                    + "With --check, write nothing: print a unified diff and exit 1 when a file is stale (CI's drift check)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl generate                      update generated/ and generated/scaled/ after changing the model",
            "  stackctl generate --check              fail when any generated file is stale (CI)",
            "  stackctl generate --topology scaled    only generated/scaled/",
            "  stackctl generate -o /tmp/stack --publish-databases"
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Directory to write into (default: generated/ of the project); "
            + "the scaled topology goes into its scaled/ subdirectory.")
    Path output;

    @Option(names = "--check", description = "Compare instead of writing; exit 1 with a diff when files differ.")
    boolean check;

    @Option(names = "--topology", paramLabel = "NAME", description = "Only this topology: single or scaled (default: both).")
    String topology;

    @Override
    public Integer call() throws IOException {
        ProjectLayout layout = ProjectLayout.locate();
        Generator generator = new Generator(layout);
        List<Topology> topologies;
        try {
            topologies = topology == null ? List.of(Topology.values()) : List.of(Topology.parse(topology));
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--topology: " + e.getMessage(), "Use --topology single or --topology scaled");
        }
        var out = spec.commandLine().getOut();
        StringBuilder diffs = new StringBuilder();
        int count = 0;
        for (Topology t : topologies) {
            StackDefinition definition = StockTrackerStack.definition(stackOptions.options().withTopology(t, StackOptions.DEFAULT_REPLICAS));
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
            out.println("generated files are up to date (" + count + " files, " + topologies.stream().map(Topology::wire)
                    .collect(java.util.stream.Collectors.joining(" and ")) + ")");
        }
        return ExitCode.SUCCESS.code();
    }
}
