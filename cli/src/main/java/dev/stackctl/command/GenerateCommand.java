package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl generate}: renders generated/ from the model, or checks it for drift. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Render generated/docker-compose.yml, nginx.conf, .env.example and airgap.env from the stack model. "
                    + "With --check, write nothing: print a unified diff and exit 1 when generated/ is stale (CI's drift check)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl generate                      update generated/ after changing the model",
            "  stackctl generate --check              fail when generated/ is stale (CI)",
            "  stackctl generate -o /tmp/stack --publish-databases"
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Directory to write into (default: generated/ of the project).")
    Path output;

    @Option(names = "--check", description = "Compare instead of writing; exit 1 with a diff when files differ.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        ProjectLayout layout = ProjectLayout.locate();
        Generator generator = new Generator(layout);
        Map<String, String> files = generator.render(stackOptions.definition());
        Path dir = output != null ? output : layout.generated();
        var out = spec.commandLine().getOut();
        if (check) {
            String diff = generator.drift(files, dir);
            if (!diff.isEmpty()) {
                out.print(diff);
                out.flush();
                throw new StackctlException(ExitCode.FAILURE, "generated files in " + dir + " differ from the model",
                        "Run ./stackctl generate and commit the result");
            }
            out.println("generated files are up to date (" + files.size() + " files in " + dir + ")");
            return ExitCode.SUCCESS.code();
        }
        generator.write(files, dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            out.printf("wrote %s (%d bytes)%n", dir.resolve(f.getKey()), f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        return ExitCode.SUCCESS.code();
    }
}
