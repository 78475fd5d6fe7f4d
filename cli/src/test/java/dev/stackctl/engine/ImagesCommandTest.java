package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.command.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The real picocli parser with captured streams; nothing here needs Docker. */
class ImagesCommandTest {
    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void buildHelpDescribesNamesAndOptions() {
        Run r = run("images", "build", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stackctl images build", "[NAME...]", "--force", "--mirror=URL", "--jobs=N",
                "timescaledb, redis, nginx, node, jre", "mmdebstrap");
    }

    @Test
    void imagesHelpListsSubcommands() {
        Run r = run("images", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("build", "list", "dev.stackctl.recipe-hash");
    }

    @Test
    void unknownImageNameIsAUsageErrorNamingTheChoices() {
        Run r = run("images", "build", "postgres");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("stackctl: error: NAME: no image recipe 'postgres'")
                .contains("Choose from jre, nginx, node, redis, timescaledb");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Run r = run("images");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command: choose build or list");
    }

    @Test
    void zeroJobsIsAUsageError() {
        Run r = run("images", "build", "--jobs", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--jobs: must be 1 or more");
    }
}
