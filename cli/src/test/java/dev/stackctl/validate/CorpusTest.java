package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.compose.Problem;
import dev.stackctl.compose.ProjectLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec-feature corpus ({@code src/test/resources/corpus}): files under {@code accepted/} are ones
 * {@code docker compose config} accepts (ComposeCorpusIT checks that), so reading them must not give a
 * finding that says compose would refuse the file (invalid-value, yaml-syntax, unknown-key, an undefined
 * reference, a dependency cycle, ...), neither read alone nor loaded as {@code stackctl validate FILE}
 * loads it (include, extends, .env); files under {@code rejected/} compose rejects, so they must give at
 * least one error.
 */
class CorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/corpus");

    static Stream<Path> accepted() throws IOException {
        return files("accepted");
    }

    static Stream<Path> rejected() throws IOException {
        return files("rejected");
    }

    static Stream<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(CORPUS.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    /** Rules whose finding means "compose refuses this file" (the others are opinions on a valid file). */
    static final List<String> COMPOSE_WOULD_REFUSE = List.of(Problem.INVALID_VALUE, Problem.YAML_SYNTAX, Problem.INTERNAL_ERROR,
            dev.stackctl.compose.KeyCheck.UNKNOWN, "undefined-reference", "dependency-cycle", ProjectLoader.INACTIVE_DEPENDENCY,
            ProjectLoader.MISSING_ENV_FILE);

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void whatComposeAcceptsReadsWithoutAnInvalidValue(Path file) throws IOException {
        // read alone (no include or extends of other files resolved): nothing it cannot read
        List<Finding> findings = Validator.standard().validateFile(Files.readString(file, StandardCharsets.UTF_8), RuleContext.defaults());
        assertThat(findings).filteredOn(f -> List.of(Problem.INVALID_VALUE, Problem.YAML_SYNTAX, Problem.INTERNAL_ERROR,
                dev.stackctl.compose.KeyCheck.UNKNOWN).contains(f.ruleId()))
                .as("findings of %s", file).isEmpty();
        ProjectLoader.Project project = ProjectLoader.load(List.of(file), ProjectLoader.Options.none());
        assertThat(Validator.standard().validate(project.read(), new RuleContext(RuleContext.defaults().deadline(), project.variables())))
                .filteredOn(f -> COMPOSE_WOULD_REFUSE.contains(f.ruleId()))
                .as("findings of %s loaded as a project", file).isEmpty();
    }

    static Stream<Path> projects() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS.resolve("projects"))) {
            return s.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    /** Each multi-file project (compose accepts it: ComposeRoundTripIT runs compose config on it), with its project.args. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void aProjectComposeAcceptsLoadsWithoutARefusal(Path dir) throws IOException {
        List<String> args = List.of(Files.readString(dir.resolve("project.args")).strip().split("\\s+"));
        List<Path> files = new java.util.ArrayList<>();
        List<Path> envFiles = new java.util.ArrayList<>();
        List<String> profiles = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-f" -> files.add(dir.resolve(args.get(++i)));
                case "--env-file" -> envFiles.add(dir.resolve(args.get(++i)));
                case "--profile" -> profiles.add(args.get(++i));
                default -> throw new AssertionError("unexpected argument " + args.get(i) + " in " + dir.resolve("project.args"));
            }
        }
        ProjectLoader.Project project = ProjectLoader.load(files, new ProjectLoader.Options(envFiles, profiles, java.util.Map.of()));
        assertThat(Validator.standard().validate(project.read(), new RuleContext(RuleContext.defaults().deadline(), project.variables())))
                .filteredOn(f -> COMPOSE_WOULD_REFUSE.contains(f.ruleId()))
                .as("findings of project %s", dir).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void whatComposeRejectsHasAnError(Path file) throws IOException {
        List<Finding> findings = Validator.standard().validateFile(Files.readString(file, StandardCharsets.UTF_8), RuleContext.defaults());
        assertThat(findings).filteredOn(f -> f.severity() == Severity.ERROR).as("errors of %s", file).isNotEmpty();
    }
}
