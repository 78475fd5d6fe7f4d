package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.compose.Problem;
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
 * {@code docker compose config} accepts (ComposeCorpusIT checks that), so reading them must not give an
 * invalid-value or yaml-syntax finding; files under {@code rejected/} compose rejects, so they must give
 * at least one error.
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void whatComposeAcceptsReadsWithoutAnInvalidValue(Path file) throws IOException {
        List<Finding> findings = Validator.standard().validateFile(Files.readString(file, StandardCharsets.UTF_8), RuleContext.defaults());
        assertThat(findings).filteredOn(f -> List.of(Problem.INVALID_VALUE, Problem.YAML_SYNTAX, Problem.INTERNAL_ERROR,
                dev.stackctl.compose.KeyCheck.UNKNOWN).contains(f.ruleId()))
                .as("findings of %s", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void whatComposeRejectsHasAnError(Path file) throws IOException {
        List<Finding> findings = Validator.standard().validateFile(Files.readString(file, StandardCharsets.UTF_8), RuleContext.defaults());
        assertThat(findings).filteredOn(f -> f.severity() == Severity.ERROR).as("errors of %s", file).isNotEmpty();
    }
}
