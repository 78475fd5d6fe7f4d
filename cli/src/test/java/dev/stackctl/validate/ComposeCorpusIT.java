package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus's own oracle: {@code docker compose config} accepts every file under {@code accepted/} and
 * rejects every one under {@code rejected/}, so CorpusTest's expectations are compose's, not ours. Needs
 * the compose CLI (bin/setup installs it); fails without it rather than skipping.
 */
class ComposeCorpusIT {
    static Stream<Path> accepted() throws IOException {
        return CorpusTest.accepted();
    }

    static Stream<Path> rejected() throws IOException {
        return CorpusTest.rejected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void composeAccepts(Path file) throws Exception {
        assertThat(composeConfig(file)).as("docker compose config exit code for %s", file).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void composeRejects(Path file) throws Exception {
        assertThat(composeConfig(file)).as("docker compose config exit code for %s", file).isNotZero();
    }

    private static int composeConfig(Path file) throws Exception {
        Process p = new ProcessBuilder("docker", "compose", "-p", "validate-corpus", "-f", file.toAbsolutePath().toString(), "config", "--quiet")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("compose config finished").isTrue();
        return p.exitValue();
    }
}
