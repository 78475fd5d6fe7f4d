package dev.stackctl.command;

import org.junit.jupiter.api.Test;

/** The real picocli parser with captured streams ({@link CliRun}); nothing here needs Docker. */
class ImagesCommandTest {
    @Test
    void buildHelpDescribesNamesAndOptions() {
        CliRun.of("images", "build", "--help").exits(0)
                .stdoutContains("Usage: stackctl images build", "[NAME...]", "--force", "--mirror=URL", "--jobs=N",
                        "timescaledb, redis, nginx, node, jre", "mmdebstrap");
    }

    @Test
    void imagesHelpListsSubcommands() {
        CliRun.of("images", "--help").exits(0).stdoutContains("build", "list", "dev.stackctl.recipe-hash");
    }

    @Test
    void unknownImageNameIsAUsageErrorNamingTheChoices() {
        CliRun.of("images", "build", "postgres").exits(2)
                .stderrContains("stackctl: error: NAME: no image recipe 'postgres'", "Choose from jre, nginx, node, redis, timescaledb")
                .stderrHasNoStackTrace();
    }

    @Test
    void missingSubcommandIsAUsageError() {
        CliRun.of("images").exits(2).stderrContains("Missing command: choose build, list, status or sbom");
    }

    @Test
    void zeroJobsIsAUsageError() {
        CliRun.of("images", "build", "--jobs", "0").exits(2).stderrContains("--jobs: must be 1 or more");
    }

    /** No engine: the same one line as every other command (DockerEngine's words), exit 4, a hint. */
    @Test
    void noEngineIsExitFourInTheEngineClientsWords() {
        String before = System.getProperty("DOCKER_HOST");
        System.setProperty("DOCKER_HOST", "unix:///nonexistent/stackctl-test.sock"); // docker-java reads it like the variable
        try {
            CliRun.of("images", "list").exits(4)
                    .stderrContains("stackctl: error: no Docker engine answers at unix:///nonexistent/stackctl-test.sock",
                            "sudo bin/setup starts dockerd")
                    .stderrHasNoStackTrace();
        } finally {
            if (before == null) {
                System.clearProperty("DOCKER_HOST");
            } else {
                System.setProperty("DOCKER_HOST", before);
            }
        }
    }

    @Test
    void statusWithAMirrorThatIsNoUrlIsAOneLineUsageError() {
        CliRun.of("images", "status", "--mirror", "deb.example").exits(2)
                .stderrContains("stackctl: error: --mirror: 'deb.example' is not an http(s) URL").stderrHasNoStackTrace();
    }

    @Test
    void sbomOfAnUnknownRecipeNameIsAUsageError() {
        CliRun.of("images", "sbom", "postgres").exits(2)
                .stderrContains("stackctl: error: NAME: no image recipe 'postgres'").stderrHasNoStackTrace();
    }
}
