package dev.stackctl.command;

import dev.stackctl.compose.ComposeReader;
import dev.stackctl.compose.ProjectLoader;
import dev.stackctl.engine.ComposeCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Durations;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.Stack;
import dev.stackctl.render.Generator;
import dev.stackctl.validate.CiReports;
import dev.stackctl.validate.CiReports.FileFindings;
import dev.stackctl.validate.ComposeConfigCheck;
import dev.stackctl.validate.Finding;
import dev.stackctl.validate.FindingsPolicy;
import dev.stackctl.validate.FindingsReport;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Severity;
import dev.stackctl.validate.Suppressions;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl validate [FILE|DIR...]}: the built-in rules plus {@code docker compose config}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Check the stack model (no FILE) or compose files you wrote (FILEs, or DIRs: every *.yml and *.yaml in them) "
                    + "with stackctl's rules, then with 'docker compose config --quiet'. Every problem is reported at once, errors "
                    + "first, each with its line:column, spec path and the fix. Errors fail the command (exit 3); warnings only "
                    + "with --strict.",
            "Each file is read as compose reads it: include, extends (same file or another), anchors and merge keys, !reset "
                    + "and !override, the .env next to it (or --env-file), and the profiles (--profile, COMPOSE_PROFILES): services "
                    + "of other profiles are left out. '-f a.yml -f b.yml' checks one project of several files merged in order; a "
                    + "finding in another file than the first names it (b.yml:3:5).",
            "Files you wrote get severities by impact (no memory limit, health check, restart policy or no-new-privileges is "
                    + "a note; an unpinned image, a privileged container, the Docker socket or a health check too slow for --deadline "
                    + "a warning); the stack model keeps "
                    + "every rule strict. Tune them in .stackctl.yml (next to the file, or in the working directory): "
                    + "'rules: {missing-healthcheck: off, unpinned-image: error}', with --disable, or with comments in the file: "
                    + "'# stackctl-disable-line RULE', '# stackctl-disable-next-line RULE', '# stackctl-disable-file RULE'."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl validate                                       the stack model",
            "  stackctl validate docker-compose.yml                    a file you wrote",
            "  stackctl validate -f compose.yml -f prod.yml            one project of two files, merged as compose does",
            "  stackctl validate --env-file ci.env --profile debug f.yml   with these variables and this profile active",
            "  stackctl validate a.yml deploy/ --skip-compose          several files, one run",
            "  stackctl validate --output sarif deploy/ > out.sarif    for code scanning",
            "  stackctl validate --output github compose.yml           annotations in GitHub Actions",
            "  stackctl validate --disable missing-healthcheck f.yml   without one rule",
            "  stackctl validate --require-compose --junit report.xml  in CI",
            "  stackctl validate --list-rules                          what is checked"
        })
public final class ValidateCommand implements Callable<Integer> {
    /** What validate can print: the shared formats plus the two CI tools read. */
    public enum Format { text, json, sarif, github }

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Compose files, or directories of them, to check instead of the stack model.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A compose file of one project; repeat it to merge files in order, as 'docker compose -f a.yml -f b.yml' does.")
    List<Path> projectFiles = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Variables for the files (repeatable; later files win), instead of the .env next to the first file. The environment overrides both, as in compose.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME", description = "Activate a profile (repeatable; also COMPOSE_PROFILES). Services of other profiles are left out of the rules, as compose leaves them out.")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FORMAT", description = "text, json, sarif (SARIF 2.1.0) or github (workflow annotations) (default: ${DEFAULT-VALUE}).")
    Format output = Format.text;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML (one test case per rule) for CI.")
    Path junit;

    @Option(names = "--strict", description = "Fail on warnings too.")
    boolean strict;

    @Option(names = "--disable", paramLabel = "RULE", split = ",", description = "Do not apply this rule (repeatable, or comma-separated).")
    List<String> disabled = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Rule settings to use instead of the .stackctl.yml found next to each file.")
    Path config;

    @Option(names = "--require-compose", description = "Fail when no compose CLI is installed (CI), instead of warning.")
    boolean requireCompose;

    @Option(names = "--skip-compose", description = "Do not run 'docker compose config' (built-in rules only).")
    boolean skipCompose;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "Readiness deadline the health checks must fit (default: ${DEFAULT-VALUE}).")
    String deadline = "30s";

    @Option(names = "--list-rules", description = "List the rules and exit.")
    boolean listRules;

    @Option(names = "--target", paramLabel = "NAME", description = "What deploys the files: compose or swarm (docker stack deploy; "
            + "adds the swarm-* rules). Default: swarm for a file named stack.yml, docker-stack.yml, *.stack.yml or *-stack.yml "
            + "(and .yaml), else compose. With no FILE, --target swarm checks the swarm stack model.")
    String target;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        Validator validator = Validator.standard();
        if (listRules) {
            Map<String, String> all = new java.util.TreeMap<>(CiReports.OTHER_RULES);
            validator.rules().forEach(r -> all.put(r.id(), r.description()));
            int w = all.keySet().stream().mapToInt(String::length).max().orElse(10);
            all.forEach((id, description) -> out.printf("%-" + w + "s  %s%n", id, description));
            return ExitCode.SUCCESS.code();
        }
        for (String id : disabled) {
            if (!isRule(validator, id)) {
                throw new StackctlException(ExitCode.USAGE, "--disable " + id + ": no such rule", "See stackctl validate --list-rules");
            }
        }
        RuleContext context = new RuleContext(parseDeadline(), Map.of()).withTarget(orchestrator(null), RuleContext.hostHasIpvs());
        Optional<ComposeCli> cli = skipCompose ? Optional.empty() : ComposeCli.detect();
        List<FileFindings> results = new ArrayList<>();
        if (files.isEmpty() && projectFiles.isEmpty()) {
            results.add(new FileFindings("stack model", model(validator, context, cli)));
        } else {
            if (!projectFiles.isEmpty()) {
                results.add(new FileFindings(projectFiles.get(0).toString(), project(projectFiles, validator, cli)));
            }
            for (Path f : expand(files)) {
                results.add(new FileFindings(f.toString(), project(List.of(f), validator, cli)));
            }
        }
        switch (output) {
            case json -> out.println(Json.write(results.size() == 1 ? FindingsReport.json(results.get(0).file(), results.get(0).findings())
                    : Map.of("files", results.stream().map(r -> FindingsReport.json(r.file(), r.findings())).toList())));
            case sarif -> out.println(Json.write(CiReports.sarif(results, validator.rules(), Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev"))));
            case github -> out.print(CiReports.github(results));
            case text -> results.forEach(r -> out.print(FindingsReport.text(r.file(), r.findings(), validator.rules())));
        }
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            List<Finding> all = results.stream().flatMap(r -> r.findings().stream()).toList();
            String subject = results.size() == 1 ? results.get(0).file() : results.size() + " files";
            Files.writeString(junit, FindingsReport.junit(subject, all, validator.rules(), strict), StandardCharsets.UTF_8);
        }
        boolean failed = results.stream().flatMap(r -> r.findings().stream())
                .anyMatch(f -> f.severity() == Severity.ERROR || (strict && f.severity() == Severity.WARNING));
        return failed ? ExitCode.INVALID_STACK.code() : ExitCode.SUCCESS.code();
    }

    private List<Finding> model(Validator validator, RuleContext context, Optional<ComposeCli> cli) throws IOException {
        var definition = context.target() == RuleContext.Orchestrator.SWARM
                ? dev.stackctl.stack.SwarmStack.definition(stackOptions.options()) : stackOptions.definition();
        Stack stack = definition.stack();
        List<Finding> findings = new ArrayList<>(validator.validate(stack, context));
        Path tempDir = Files.createTempDirectory("stackctl-validate");
        try {
            Generator generator = new Generator(ProjectLayout.locate());
            generator.write(generator.render(definition), tempDir);
            if (!skipCompose) {
                findings.addAll(new ComposeConfigCheck(cli).check(tempDir.resolve(definition.stackFile()), stack, requireCompose));
            }
        } finally {
            deleteTree(tempDir);
        }
        return FindingsPolicy.strict().with(Map.of(), disabled).apply(findings);
    }

    /** One project: its files merged, env files and profiles applied; findings placed in the file that wrote them. */
    private List<Finding> project(List<Path> composeFiles, Validator validator, Optional<ComposeCli> cli) throws IOException {
        for (Path f : composeFiles) read(f);
        for (Path f : envFiles) {
            if (!Files.isRegularFile(f)) {
                throw new StackctlException(ExitCode.USAGE, "--env-file " + f + " does not exist", "Check the path");
            }
        }
        ProjectLoader.Project project = ProjectLoader.load(composeFiles, new ProjectLoader.Options(envFiles, profiles, System.getenv()));
        ComposeReader.Result read = project.read();
        RuleContext context = new RuleContext(parseDeadline(), project.variables())
                .withTarget(orchestrator(composeFiles.get(0)), RuleContext.hostHasIpvs());
        List<Finding> findings = new ArrayList<>(validator.validate(read, context));
        if (!skipCompose && findings.stream().noneMatch(x -> x.ruleId().equals("yaml-syntax"))) {
            findings.addAll(new ComposeConfigCheck(cli).check(composeFiles, envFiles, profiles, read.stack(), requireCompose));
        }
        Path f = composeFiles.get(0);
        Optional<Path> settings = config != null ? Optional.of(config) : FindingsPolicy.configFor(f);
        Map<String, String> levels;
        try {
            levels = settings.isPresent() ? FindingsPolicy.readConfig(settings.get()) : Map.of();
        } catch (NoSuchFileException e) {
            throw new StackctlException(ExitCode.USAGE, "config file " + e.getFile() + " does not exist", "Check the --config path");
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, e.getMessage(), "Fix " + settings.get());
        }
        for (String id : levels.keySet()) { // a misspelt rule would otherwise be silently not tuned
            if (!isRule(validator, id)) {
                throw new StackctlException(ExitCode.USAGE, settings.get() + ": rules." + id + ": no such rule", "See stackctl validate --list-rules");
            }
        }
        return Suppressions.apply(project.texts(), FindingsPolicy.forUserFiles().with(levels, disabled).apply(findings));
    }

    private static boolean isRule(Validator validator, String id) {
        return validator.rules().stream().anyMatch(r -> r.id().equals(id)) || CiReports.OTHER_RULES.containsKey(id);
    }

    /** Files as given; a directory stands for its *.yml and *.yaml files (not .stackctl.yml), sorted. */
    private static List<Path> expand(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(x -> {
                        String n = x.getFileName().toString();
                        return (n.endsWith(".yml") || n.endsWith(".yaml")) && !n.equals(FindingsPolicy.CONFIG_FILE);
                    }).sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Stack files by the names people give them (docker's docs use docker-stack.yml). */
    private static final java.util.regex.Pattern STACK_FILE = java.util.regex.Pattern.compile("(?i)((docker-)?stack|.+[.-]stack)\\.ya?ml");

    /** --target as the rules' orchestrator; without it, swarm for a file named like a stack file (null: the model). */
    private RuleContext.Orchestrator orchestrator(Path file) {
        if (target == null) {
            return file != null && file.getFileName() != null && STACK_FILE.matcher(file.getFileName().toString()).matches()
                    ? RuleContext.Orchestrator.SWARM : RuleContext.Orchestrator.COMPOSE;
        }
        try {
            return switch (dev.stackctl.stack.Target.parse(target)) {
                case COMPOSE -> RuleContext.Orchestrator.COMPOSE;
                case SWARM -> RuleContext.Orchestrator.SWARM;
            };
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--target: " + e.getMessage(), "Use --target compose or --target swarm");
        }
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
