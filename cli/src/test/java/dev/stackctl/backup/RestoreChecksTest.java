package dev.stackctl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What restore checks on the host before it connects to anything, and how counts are read and compared. */
class RestoreChecksTest {
    @TempDir
    Path dir;

    @Test
    void aDumpIsCheckedAgainstItsManifestBeforeAnythingElse() throws IOException {
        byte[] data = "PGDMP fake archive bytes".getBytes(StandardCharsets.US_ASCII);
        Path dump = Files.write(dir.resolve("s.dump"), data);
        assertThatThrownBy(() -> Restore.checkFile(dump)).isInstanceOf(StackctlException.class)
                .hasMessageContaining("no manifest " + dir.resolve("s.json"));

        Files.writeString(dir.resolve("s.json"), "{\"format\": \"stackctl-backup/1\"}");
        assertThatThrownBy(() -> Restore.checkFile(dump)).hasMessageContaining("is damaged: dump.sha256: missing");

        Manifest m = ChecksumTest.withFile(data);
        Files.writeString(dir.resolve("s.json"), m.toJson());
        assertThat(Restore.checkFile(dump)).isEqualTo(m);

        Files.write(dump, java.util.Arrays.copyOf(data, 10));
        assertThatThrownBy(() -> Restore.checkFile(dump)).satisfies(e -> assertThat(((StackctlException) e).exitCode()).isEqualTo(ExitCode.FAILURE))
                .hasMessageContaining("the file is truncated");

        assertThatThrownBy(() -> Restore.checkFile(dir.resolve("none.dump")))
                .satisfies(e -> assertThat(((StackctlException) e).exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining("no such file");
        assertThatThrownBy(() -> Restore.checkFile(dir))
                .satisfies(e -> assertThat(((StackctlException) e).exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining("is a directory");
        // a manifest that cannot be read (a directory in its place: root reads every file) is one line, not an internal error
        Files.delete(dir.resolve("s.json"));
        Files.createDirectory(dir.resolve("s.json"));
        assertThatThrownBy(() -> Restore.checkFile(dump)).isInstanceOf(StackctlException.class)
                .hasMessageContaining("cannot read " + dir.resolve("s.json"));
    }

    @Test
    void countLinesAreParsedAndTimesMadeIso() {
        String out = "SET\nstackctl|snapshot|00000003-0000001A-1\n"
                + "stackctl|table|public|ticks|1011062|ts|2026-12-07 05:43:29.994+00\n"
                + "stackctl|table|public|alerts|0|ts|\n"
                + "stackctl|table|public|candles_1m|96|bucket|2026-12-07 05:43:00+00\n"
                + "stackctl|table|public|writer_progress|1||\n"
                + "pg_dump: warning: there are circular foreign-key constraints on this table:\n";
        assertThat(TableCounts.parse(out)).containsExactly(
                new Manifest.Table("public", "ticks", 1011062, "ts", "2026-12-07T05:43:29.994Z"),
                new Manifest.Table("public", "alerts", 0, "ts", ""),
                new Manifest.Table("public", "candles_1m", 96, "bucket", "2026-12-07T05:43:00Z"),
                new Manifest.Table("public", "writer_progress", 1, "", ""));
        // a time column that is not a timestamptz keeps PostgreSQL's text
        assertThat(TableCounts.iso("1733550000")).isEqualTo("1733550000");
        assertThat(TableCounts.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(TableCounts.literal("o'k")).isEqualTo("'o''k'");
    }

    @Test
    void theRestoredCopyMustHoldAtLeastTheManifestsRows() {
        Manifest m = ManifestTest.sample();
        List<Manifest.Table> all = List.of(new Manifest.Table("public", "flyway_schema_history", 7, "", ""),
                new Manifest.Table("public", "ticks", 1_000_001, "ts", ""), new Manifest.Table("public", "alerts", 0, "ts", ""),
                new Manifest.Table("audit", "log", 2, "", ""));
        assertThat(Restore.shortOf(m, all)).isEmpty();
        List<Manifest.Table> fewer = List.of(new Manifest.Table("public", "flyway_schema_history", 7, "", ""),
                new Manifest.Table("public", "ticks", 999_999, "ts", ""), new Manifest.Table("public", "alerts", 0, "ts", ""));
        assertThat(Restore.shortOf(m, fewer)).containsExactly("ticks 999999 of 1000000", "audit.log missing");
    }
}
