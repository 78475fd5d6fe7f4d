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
        Files.writeString(compose, Files.readString(compose).replace("memory: 640M", "memory: 2G"), StandardCharsets.UTF_8);
        CliRun.of("generate", "--check", "--output", dir.toString()).exits(1)
                .stdoutContains("-          memory: 2G", "+          memory: 640M", "@@ ")
                .stderrContains("stackctl: error: generated files", "Run ./stackctl generate").stderrHasNoStackTrace();
    }

    @Test
    void generateOptionsChangeTheRenderedDefaults(@TempDir Path dir) throws IOException {
        CliRun.of("generate", "--output", dir.toString(), "--frontend-port", "18080", "--publish-databases").exits(0);
        String yaml = Files.readString(dir.resolve("docker-compose.yml"));
        assertThat(yaml).contains("${FRONTEND_PORT:-18080}", "${POSTGRES_HOST_PORT:-5432}", "host_ip: 127.0.0.1");
    }

    @Test
    void generateTargetSwarmWritesOnlyTheStackFileAndItsConfig(@TempDir Path dir) throws IOException {
        CliRun.of("generate", "--target", "swarm", "--output", dir.toString()).exits(0)
                .stdoutContains("swarm/stack.yml", "swarm/nginx.conf", "swarm/.env.example");
        assertThat(dir.resolve("docker-compose.yml")).doesNotExist();
        assertThat(dir.resolve("swarm/stack.yml")).content().contains("endpoint_mode: dnsrr", "mode: host", "file: ./secrets/postgres_password")
                .doesNotContain("build:", "depends_on", "restart:", "container_name", "pull_policy", "name: ");
        CliRun.of("generate", "--check", "--target", "swarm", "--output", dir.toString()).exits(0).stdoutContains("up to date", "generated/swarm/");
    }

    @Test
    void generateRefusesATargetOrCombinationItCannotRender() {
        CliRun.of("generate", "--target", "kubernetes").exits(2).stderrContains("--target: unknown target 'kubernetes'; use one of compose, swarm")
                .stderrHasNoStackTrace();
        CliRun.of("generate", "--target", "swarm", "--topology", "single").exits(2)
                .stderrContains("--target swarm runs the scaled topology", "use --topology scaled").stderrHasNoStackTrace();
        CliRun.of("generate", "--target", "swarm", "--publish-databases").exits(2)
                .stderrContains("--publish-databases: a swarm stack file cannot publish a port on 127.0.0.1 only").stderrHasNoStackTrace();
    }

    @Test
    void validateTakesAStackFileForSwarmAndTheTargetFromTheCommandLine() {
        CliRun.of("validate", "--skip-compose", TestProject.root().resolve("generated/swarm/stack.yml").toString())
                .exits(0).stdoutContains("0 errors, 0 warnings");
        CliRun.of("validate", "--skip-compose", "--target", "swarm").exits(0).stdoutContains("stack model: 0 errors, 0 warnings");
        CliRun.of("validate", "--skip-compose", "--target", "swarm", TestProject.root().resolve("generated/scaled/docker-compose.yml").toString())
                .exits(3).stdoutContains("[swarm-depends-on]", "[swarm-restart-ignored]");
        CliRun.of("validate", "--target", "nomad").exits(2).stderrContains("--target: unknown target 'nomad'");
    }

    @Test
    void theSwarmTargetRefusesWhatItCannotDoInOneLine() {
        CliRun.of("up", "--init-swarm").exits(2).stderrContains("--init-swarm needs --target swarm").stderrHasNoStackTrace();
        CliRun.of("up", "--target", "swarm", "--backend-port", "18000").exits(2).stderrContains("do not apply to --target swarm").stderrHasNoStackTrace();
        CliRun.of("up", "--target", "swarm", "--replicas", "2").exits(2).stderrContains("--replicas does not apply to --target swarm").stderrHasNoStackTrace();
        CliRun.of("verify", "--target", "swarm", "--chaos").exits(2).stderrContains("do not apply to --target swarm").stderrHasNoStackTrace();
        CliRun.of("status", "--target", "k8s").exits(2).stderrContains("--target: unknown target 'k8s'").stderrHasNoStackTrace();
        CliRun.of("down", "--target", "swarm", "--volumes").exits(1).stderrContains("--volumes --yes").stderrHasNoStackTrace();
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
                        "[healthy-without-healthcheck]", "services.db.mem_limit", "broken.yml: 4 errors, 2 warnings, 8 notes");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateWritesJsonAndJunit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  web:\n    image: nginx\n");
        Path junit = dir.resolve("reports/validate.xml");
        CliRun r = CliRun.of("validate", "--skip-compose", "--strict", "--output", "json", "--junit", junit.toString(), file.toString()).exits(3);
        assertThat(r.out()).contains("\"rule\" : \"unpinned-image\"", "\"warnings\" : 1", "\"line\" : 3", "\"column\" : 12");
        assertThat(junit).content().contains("<testcase classname=\"stackctl.validate\" name=\"unpinned-image\"", "<failure message=\"1 finding(s)");
    }

    @Test
    void strictTurnsWarningsIntoFailure(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  web:\n    image: nginx:1.26\n");
        // in a file someone wrote, no health check, memory limit, restart policy or no-new-privileges is a note, not a failure
        CliRun.of("validate", "--skip-compose", file.toString()).exits(0).stdoutContains("0 errors, 0 warnings, 4 notes");
        CliRun.of("validate", "--skip-compose", "--strict", file.toString()).exits(0);
        Files.writeString(file, "services:\n  web:\n    image: nginx\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(0).stdoutContains("0 errors, 1 warning, 4 notes");
        CliRun.of("validate", "--skip-compose", "--strict", file.toString()).exits(3);
    }

    @Test
    void rulesAreTunedByConfigFlagAndComment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  web:\n    image: nginx\n");
        Files.writeString(dir.resolve(".stackctl.yml"), "rules:\n  unpinned-image: error\n  missing-healthcheck: off\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(3).stdoutContains("1 error, 0 warnings, 3 notes");
        CliRun.of("validate", "--skip-compose", "--disable", "unpinned-image,restart-policy", file.toString()).exits(0)
                .stdoutContains("0 errors, 0 warnings, 2 notes");
        Files.writeString(file, "services:\n  web:\n    image: nginx # stackctl-disable-line unpinned-image\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(0).stdoutContains("0 errors, 0 warnings, 3 notes");
        Files.writeString(file, "# stackctl-disable-file\nservices:\n  web:\n    image: nginx\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(0).stdoutContains("0 errors, 0 warnings (");
        Files.writeString(dir.resolve(".stackctl.yml"), "rules:\n  unpinned-image: sometimes\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(2).stderrContains("rules.unpinned-image", "off, note, warning or error");
        CliRun.of("validate", "--skip-compose", "--disable", "no-such-rule", file.toString()).exits(2).stderrContains("no such rule");
        Files.writeString(dir.resolve(".stackctl.yml"), "rules:\n  unpinned-imag: error\n");
        CliRun.of("validate", "--skip-compose", file.toString()).exits(2).stderrContains("rules.unpinned-imag: no such rule", "--list-rules")
                .stderrHasNoStackTrace();
    }

    @Test
    void oneProjectOfSeveralFilesWithAnEnvFileAndAProfile(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.yml"), "services:\n  web:\n    image: \"${WEB_IMAGE:-nginx:1.27}\"\n"
                + "  debug:\n    image: busybox:1.37.0\n    profiles: [debug]\n    mem_limit: lots\n");
        Path b = Files.writeString(dir.resolve("b.yml"), "services:\n  web:\n    mem_limit: 1Q\n");
        Path env = Files.writeString(dir.resolve("ci.env"), "WEB_IMAGE=nginx:latest\n");
        // the second file's bad value is reported in it; the image resolved with the env file floats; debug is not active
        CliRun.of("validate", "--skip-compose", "-f", a.toString(), "-f", b.toString(), "--env-file", env.toString()).exits(3)
                .stdoutContains("b.yml:3:16", "[invalid-value] '1Q'", "floating tag 'latest'")
                .stdoutContains("a.yml: 1 error, 1 warning");
        CliRun.of("validate", "--skip-compose", "-f", a.toString(), "--profile", "debug").exits(3).stdoutContains("services.debug.mem_limit");
        CliRun.of("validate", "--skip-compose", "-f", a.toString(), "--env-file", dir.resolve("none.env").toString()).exits(2)
                .stderrContains("--env-file", "does not exist");
    }

    @Test
    void severalFilesAndDirectoriesInOneRunWithSarifAndGithubOutput(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("a.yml"), "services:\n  web:\n    image: nginx:1.27\n    mem_limit: lots\n");
        Files.writeString(dir.resolve("more/b.yaml"), "services:\n  db:\n    image: postgres:17.2\n    ports: [\"5432:5432\"]\n");
        CliRun.of("validate", "--skip-compose", dir.resolve("a.yml").toString(), dir.resolve("more").toString()).exits(3)
                .stdoutContains("a.yml: 1 error", "b.yaml: 1 error");
        CliRun sarif = CliRun.of("validate", "--skip-compose", "--output", "sarif", dir.toString()).exits(3);
        assertThat(sarif.out()).contains("\"version\" : \"2.1.0\"", "\"ruleId\" : \"invalid-value\"", "\"ruleId\" : \"database-port-exposed\"",
                "\"startLine\" : 4", "\"startColumn\" : 16", "more/b.yaml", "\"shortDescription\"");
        CliRun gh = CliRun.of("validate", "--skip-compose", "--output", "github", dir.toString()).exits(3);
        assertThat(gh.out()).contains("::error file=" + dir.resolve("a.yml") + ",line=4,col=16,title=stackctl invalid-value::services.web.mem_limit: ")
                .contains("::notice file=");
    }

    @Test
    void userMistakesGetOneLineAndExit2() {
        CliRun.of("validate", "/no/such/file.yml").exits(2).stderrContains("does not exist").stderrHasNoStackTrace();
        CliRun.of("generate", "--frontend-port", "99999").exits(2).stderrContains("out of range").stderrHasNoStackTrace();
        CliRun.of("generate", "--no-such-option").exits(2).stderrContains("Unknown option", "--help");
        CliRun.of("validate", "--deadline", "soon").exits(2).stderrContains("--deadline");
        assertThat(CliRun.of().exits(2).stderrContains("Missing command").err())
                .contains("generate, validate, images, up, verify, status, down, cluster, backup, restore, help").doesNotContain("cds-training");
        CliRun.of("statu").exits(2).stderrContains("Unmatched argument", "'statu'", "--help");
        CliRun.of("restore", "/no/such/backup.dump").exits(2).stderrContains("FILE /no/such/backup.dump: no such file").stderrHasNoStackTrace();
        CliRun.of("restore").exits(2).stderrContains("Missing required parameter: 'FILE'");
    }

    @Test
    void clusterMistakesGetOneLineAndExit2BeforeTouchingDocker() {
        CliRun.of("cluster", "up", "--nodes", "0").exits(2).stderrContains("--nodes must be between 1 and 5, got 0").stderrHasNoStackTrace();
        CliRun.of("cluster", "up", "--nodes", "x").exits(2).stderrContains("'--nodes'", "'x' is not an int");
        CliRun.of("cluster", "down", "--name", "Bad_Name").exits(2).stderrContains("--name 'Bad_Name' is not a cluster name").stderrHasNoStackTrace();
        CliRun.of("cluster").exits(2).stderrContains("Missing command: choose one of up, down, status");
        CliRun.of("up", "--cluster").exits(2).stderrContains("--cluster needs --target swarm").stderrHasNoStackTrace();
        CliRun.of("up", "--target", "swarm", "--cluster", "--init-swarm").exits(2).stderrContains("--init-swarm does not apply to --cluster");
    }

    @Test
    void aNamedCommandRunsWithOnlyItselfAddedAndHelpStillSeesEveryOne() {
        CliRun.of("help", "up").exits(0).stdoutContains("Usage: stackctl up", "--[no-]early-start");
        CliRun.of("up", "--help").exits(0).stdoutContains("Usage: stackctl up");
        assertThat(Main.commandLine(new String[] {"status"}).getSubcommands()).containsOnlyKeys("status");
        assertThat(Main.commandLine(new String[] {"help", "status"}).getSubcommands()).hasSize(12);
        assertThat(Main.commandLine(new String[] {"-V"}).getSubcommands()).hasSize(12);
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
