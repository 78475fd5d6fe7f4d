package dev.stackctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI through the real picocli parser, with captured streams and exit codes. */
class CliTest {

    @BeforeAll
    static void projectRoot() {
        System.setProperty("stackctl.root", TestProject.root().toString());
    }

    @Test
    void generateWritesEveryFileAndCheckPassesOnTheResult(@TempDir Path dir) {
        CliRun.of("generate", "--output", dir.toString()).exits(0)
                .stdoutContains("docker-compose.yml", "nginx.conf", ".env.example", "airgap.env");
        assertThat(dir.resolve("docker-compose.yml")).content().contains("app-network", "service_healthy");
        CliRun.of("generate", "--check", "--output", dir.toString()).exits(0).stdoutContains("up to date");
    }

    @Test
    void generateCheckPrintsADiffAndFailsWhenAFileDrifted(@TempDir Path dir) throws IOException {
        CliRun.of("generate", "--output", dir.toString()).exits(0);
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("memory: 512M", "memory: 2G"), StandardCharsets.UTF_8);
        CliRun.of("generate", "--check", "--output", dir.toString()).exits(1)
                .stdoutContains("-          memory: 2G", "+          memory: 512M", "@@ ")
                .stderrContains("stackctl: error: generated files", "Run ./stackctl generate").stderrHasNoStackTrace();
    }

    @Test
    void generateOptionsChangeTheRenderedDefaults(@TempDir Path dir) throws IOException {
        CliRun.of("generate", "--output", dir.toString(), "--frontend-port", "18080", "--publish-databases").exits(0);
        String yaml = Files.readString(dir.resolve("docker-compose.yml"));
        assertThat(yaml).contains("${FRONTEND_PORT:-18080}", "${POSTGRES_HOST_PORT:-5432}", "host_ip: 127.0.0.1");
    }

    @Test
    void validateTheModelPasses() {
        CliRun.of("validate", "--skip-compose").exits(0).stdoutContains("stack model: 0 errors, 0 warnings");
    }

    @Test
    void validateABrokenFileListsEveryProblemAndExits3(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, """
                services:
                  db:
                    image: postgres
                    ports: ["5432:5432"]
                    environment: {POSTGRES_PASSWORD: hunter2}
                    mem_limit: 1Q
                  api:
                    image: api:latest
                    depends_on: {db: {condition: service_healthy}}
                """);
        CliRun r = CliRun.of("validate", "--skip-compose", file.toString()).exits(3)
                .stdoutContains("[database-port-exposed]", "[literal-secret]", "[invalid-value]", "[unpinned-image]",
                        "[healthy-without-healthcheck]", "services.db.mem_limit", "broken.yml: 6 errors");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateWritesJsonAndJunit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  web:\n    image: nginx\n");
        Path junit = dir.resolve("reports/validate.xml");
        CliRun r = CliRun.of("validate", "--skip-compose", "--output", "json", "--junit", junit.toString(), file.toString()).exits(3);
        assertThat(r.out()).contains("\"rule\" : \"unpinned-image\"", "\"errors\" : 1");
        assertThat(junit).content().contains("<testcase classname=\"stackctl.validate\" name=\"unpinned-image\"", "<failure message=\"1 finding(s)");
    }

    @Test
    void strictTurnsWarningsIntoFailure(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  web:\n    image: nginx:1.26\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(0).stdoutContains("0 errors, 3 warnings");
        CliRun.of("validate", "--skip-compose", "--strict", file.toString()).exits(3);
    }

    @Test
    void userMistakesGetOneLineAndExit2() {
        CliRun.of("validate", "/no/such/file.yml").exits(2).stderrContains("does not exist").stderrHasNoStackTrace();
        CliRun.of("generate", "--frontend-port", "99999").exits(2).stderrContains("out of range").stderrHasNoStackTrace();
        CliRun.of("generate", "--no-such-option").exits(2).stderrContains("Unknown option", "--help");
        CliRun.of("validate", "--deadline", "soon").exits(2).stderrContains("--deadline");
        assertThat(CliRun.of().exits(2).stderrContains("Missing command").err())
                .contains("generate, validate, images, up, verify, status, down, help").doesNotContain("cds-training");
        CliRun.of("statu").exits(2).stderrContains("Unmatched argument", "'statu'", "--help");
    }

    @Test
    void aNamedCommandRunsWithOnlyItselfAddedAndHelpStillSeesEveryOne() {
        CliRun.of("help", "up").exits(0).stdoutContains("Usage: stackctl up", "--[no-]early-start");
        CliRun.of("up", "--help").exits(0).stdoutContains("Usage: stackctl up");
        assertThat(Main.commandLine(new String[] {"status"}).getSubcommands()).containsOnlyKeys("status");
        assertThat(Main.commandLine(new String[] {"help", "status"}).getSubcommands()).hasSize(9);
        assertThat(Main.commandLine(new String[] {"-V"}).getSubcommands()).hasSize(9);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun r = CliRun.of("--help").exits(0);
        assertThat(r.out()).contains("generate", "validate", "images", "up", "verify", "status", "down", "Exit codes:");
        for (dev.stackctl.error.ExitCode code : dev.stackctl.error.ExitCode.values()) {
            assertThat(r.out()).as("help lists exit code %s", code).containsPattern("(?m)^  " + code.code() + " +" + java.util.regex.Pattern.quote(code.meaning()) + "$");
        }
    }

    @Test
    void helpOutputIsGuarded() throws IOException {
        // The whole help text is a user interface: a change must be deliberate (update the golden file).
        Path golden = Path.of("src/test/resources/golden/help.txt");
        String help = CliRun.of("--help").exits(0).out();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, help, StandardCharsets.UTF_8);
        }
        assertThat(help).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** up's options as picocli parses them (call() is not run). */
    private static UpCommand parsedUp(String... args) {
        UpCommand up = new UpCommand();
        new picocli.CommandLine(up).parseArgs(args);
        return up;
    }

    @Test
    void upBuildsByDefaultAndNoBuildTurnsItOff() {
        // --no-build once silently kept building
        assertThat(parsedUp().build).isTrue();
        assertThat(parsedUp("--no-build").build).isFalse();
        assertThat(parsedUp("--build").build).isTrue();
    }

    @Test
    void upStartsServicesEarlyByDefaultAndNoEarlyStartLeavesItToCompose() {
        assertThat(parsedUp().earlyStart).isTrue();
        assertThat(parsedUp("--no-early-start").earlyStart).isFalse();
    }
}
