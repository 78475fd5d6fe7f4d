package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalProcessTest {
    @TempDir
    Path dir;

    @Test
    void runsInTheGivenDirectoryWithTheGivenEnvironment() throws IOException {
        ExternalProcess.Result r = new ExternalProcess(List.of("sh", "-c", "pwd; echo \"$STACKCTL_T\""), dir,
                Map.of("STACKCTL_T", "value with spaces"), Duration.ofSeconds(10)).run();
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout().lines().toList()).containsExactly(dir.toRealPath().toString(), "value with spaces");
    }

    @Test
    void argumentsAreNotSplitOrInterpreted() throws IOException {
        ExternalProcess.Result r = new ExternalProcess(List.of("printf", "%s|", "a b", "$HOME", "*"), dir, Map.of(),
                Duration.ofSeconds(10)).run();
        assertThat(r.stdout()).isEqualTo("a b|$HOME|*|");
    }

    @Test
    void failureCarriesExitCodeAndTheTailOfStderr() throws IOException {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            script.append("echo line").append(i).append(" >&2; ");
        }
        script.append("exit 3");
        ExternalProcess.Result r = new ExternalProcess(List.of("sh", "-c", script.toString()), dir, Map.of(),
                Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.describeFailure()).contains("exited with 3").contains("line40").contains("line16").doesNotContain("line15\n");
    }

    @Test
    void timeoutKillsTheProgram() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new ExternalProcess(List.of("sh", "-c", "echo started >&2; sleep 30"), dir, Map.of(),
                Duration.ofMillis(500)).run())
                .isInstanceOf(ExternalProcess.TimeoutException.class)
                .hasMessageContaining("did not finish within 0.5 s")
                .hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void heartbeatReportsTheLatestOutputLine() throws IOException {
        java.util.List<String> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExternalProcess.Result r = new ExternalProcess(List.of("sh", "-c", "echo first >&2; echo I: second >&2; sleep 2; echo done"),
                dir, Map.of(), Duration.ofSeconds(30)).heartbeatEvery(Duration.ofMillis(500))
                .run((ms, line) -> beats.add(line));
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).isEqualTo("done\n");
        assertThat(beats).hasSizeBetween(2, 5).allMatch("I: second"::equals);
    }

    @Test
    void missingProgramIsReportedAsNotStarted() {
        assertThatThrownBy(() -> new ExternalProcess(List.of("stackctl-no-such-program"), dir, Map.of(),
                Duration.ofSeconds(5)).run())
                .isInstanceOf(ExternalProcess.NotStartedException.class)
                .hasMessageContaining("cannot run stackctl-no-such-program");
    }
}
