package dev.stackctl.command;

import dev.stackctl.compose.ComposeReader;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Durations;
import dev.stackctl.model.Stack;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.validate.ComposeConfigCheck;
import dev.stackctl.validate.Finding;
import dev.stackctl.validate.FindingsReport;
import dev.stackctl.validate.Rule;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Severity;
import dev.stackctl.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl validate [FILE]}: the built-in rules plus {@code docker compose config}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Check the stack model (no FILE) or any compose file you wrote (FILE) with stackctl's rules, then with "
                    + "'docker compose config --quiet'. Every problem is reported at once, errors first, each with its spec path "
                    + "and the fix. Errors fail the command (exit 3); warnings only with --strict."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl validate                                       the stack model",
            "  stackctl validate docker-compose.yml                    a file you wrote",
            "  stackctl validate --require-compose --junit report.xml  in CI",
            "  stackctl validate --list-rules                          what is checked"
        })
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A compose file to check instead of the stack model.")
    Path file;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML (one test case per rule) for CI.")
    Path junit;

    @Option(names = "--strict", description = "Fail on warnings too.")
    boolean strict;

    @Option(names = "--require-compose", description = "Fail when no compose CLI is installed (CI), instead of warning.")
    boolean requireCompose;

    @Option(names = "--skip-compose", description = "Do not run 'docker compose config' (built-in rules only).")
    boolean skipCompose;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "Readiness deadline the health checks must fit (default: ${DEFAULT-VALUE}).")
    String deadline = "30s";

    @Option(names = "--list-rules", description = "List the rules and exit.")
    boolean listRules;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        Validator validator = Validator.standard();
        if (listRules) {
            int w = validator.rules().stream().mapToInt(r -> r.id().length()).max().orElse(10);
            validator.rules().stream().sorted(Comparator.comparing(Rule::id))
                    .forEach(r -> out.printf("%-" + w + "s  %s%n", r.id(), r.description()));
            return ExitCode.SUCCESS.code();
        }
        RuleContext context = new RuleContext(parseDeadline(), Map.of());
        List<Finding> findings = new ArrayList<>();
        String subject;
        Path composeFile;
        Stack stack;
        Path tempDir = null;
        if (file != null) {
            subject = file.toString();
            String yaml = read(file);
            ComposeReader.Result read = ComposeReader.read(yaml);
            findings.addAll(validator.validate(read, context));
            stack = read.stack();
            composeFile = file;
        } else {
            subject = "stack model";
            var definition = stackOptions.definition();
            stack = definition.stack();
            findings.addAll(validator.validate(stack, context));
            tempDir = Files.createTempDirectory("stackctl-validate");
            Generator generator = new Generator(ProjectLayout.locate());
            generator.write(generator.render(definition), tempDir);
            composeFile = tempDir.resolve(Generator.COMPOSE_FILE);
        }
        try {
            if (!skipCompose && !findings.stream().anyMatch(f -> f.ruleId().equals("yaml-syntax"))) {
                findings.addAll(new ComposeConfigCheck(ComposeCli.detect()).check(composeFile, stack, requireCompose));
            }
        } finally {
            if (tempDir != null) {
                deleteTree(tempDir);
            }
        }
        findings.sort(null);
        if (output == OutputFormat.json) {
            out.println(Json.write(FindingsReport.json(subject, findings)));
        } else {
            out.print(FindingsReport.text(subject, findings, validator.rules()));
        }
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(junit, FindingsReport.junit(subject, findings, validator.rules(), strict), StandardCharsets.UTF_8);
        }
        boolean failed = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR || strict);
        return failed ? ExitCode.INVALID_STACK.code() : ExitCode.SUCCESS.code();
    }

    private java.time.Duration parseDeadline() {
        try {
            return Durations.parse(deadline);
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--deadline: " + e.getMessage(), "");
        }
    }

    private static String read(Path f) throws IOException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StackctlException(ExitCode.USAGE, "compose file " + f + " does not exist", "Check the path, or run 'stackctl validate' without a file to check the stack model");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new StackctlException(ExitCode.USAGE, "compose file " + f + " is not UTF-8 text", "Save it as UTF-8");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
