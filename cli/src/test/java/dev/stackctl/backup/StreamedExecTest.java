package dev.stackctl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of a long dump (and of a long restore), with real programs that write (read) their bytes slowly,
 * as pg_dump does on a big database: a line every interval with the bytes moved so far, growing, and for a
 * restore the share of the file. (The interval is 3 s in the CLI; here 300 ms, so the test stays short.)
 */
class StreamedExecTest {
    private static final Pattern DUMP_LINE = Pattern.compile("stackctl: backup: ([0-9.]+) (B|kB|MB) in \\d+ s, [0-9.]+ (B|kB|MB)/s");
    private static final Pattern RESTORE_LINE = Pattern.compile("stackctl: restore: ([0-9.]+) (B|kB|MB) of 786 kB \\((\\d+)%\\) in \\d+ s, [0-9.]+ (B|kB|MB)/s");

    @Test
    @Timeout(30)
    void aLongDumpPrintsGrowingProgressLines(@TempDir Path dir) throws IOException {
        StringWriter progress = new StringWriter();
        Path out = dir.resolve("dump");
        // 12 blocks of 64 KiB, 0.25 s apart: about 3 s, as a dump that takes a while
        StreamedExec.Outcome o = StreamedExec.toFile(List.of("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do head -c 65536 /dev/zero; sleep 0.25; done"),
                out, Duration.ofSeconds(20), "backup", new PrintWriter(progress, true), Duration.ofMillis(300));
        assertThat(o.exitCode()).isZero();
        assertThat(o.bytes()).isEqualTo(12 * 65536L).isEqualTo(Files.size(out));
        List<String> lines = progress.toString().lines().toList();
        assertThat(lines).as(progress.toString()).hasSizeGreaterThanOrEqualTo(4).allMatch(l -> DUMP_LINE.matcher(l).matches());
        List<Double> bytes = lines.stream().map(l -> amount(DUMP_LINE.matcher(l))).toList();
        assertThat(bytes).as("bytes so far, line by line").isSorted();
        assertThat(bytes.getFirst()).isLessThan(bytes.getLast());
        assertThat(bytes.getLast()).isLessThanOrEqualTo(12 * 65536.0);
    }

    @Test
    @Timeout(30)
    void aLongRestorePrintsTheShareOfTheFileSent(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("dump");
        Files.write(in, new byte[12 * 65536]);
        StringWriter progress = new StringWriter();
        // a reader that takes 64 KiB every 0.25 s, as pg_restore on a busy server
        StreamedExec.Outcome o = StreamedExec.fromFile(List.of("sh", "-c",
                        "while :; do n=$(dd bs=65536 count=1 2>/dev/null | wc -c); [ \"$n\" -eq 0 ] && break; sleep 0.25; done"),
                in, Duration.ofSeconds(20), "restore", new PrintWriter(progress, true), Duration.ofMillis(300));
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.bytes()).isEqualTo(12 * 65536L);
        List<String> lines = progress.toString().lines().toList();
        assertThat(lines).as(progress.toString()).hasSizeGreaterThanOrEqualTo(3).allMatch(l -> RESTORE_LINE.matcher(l).matches());
        List<Integer> percent = lines.stream().map(l -> {
            Matcher m = RESTORE_LINE.matcher(l);
            assertThat(m.matches()).isTrue();
            return Integer.parseInt(m.group(3));
        }).toList();
        assertThat(percent).isSorted().allMatch(p -> p <= 100);
        assertThat(percent.getFirst()).isLessThan(percent.getLast());
    }

    @Test
    void aShortDumpPrintsNoProgress(@TempDir Path dir) throws IOException {
        StringWriter progress = new StringWriter();
        StreamedExec.Outcome o = StreamedExec.toFile(List.of("sh", "-c", "printf PGDMP"), dir.resolve("dump"), Duration.ofSeconds(20), "backup",
                new PrintWriter(progress, true), Duration.ofSeconds(3));
        assertThat(o.exitCode()).isZero();
        assertThat(o.bytes()).isEqualTo(5);
        assertThat(progress.toString()).isEmpty();
    }

    private static double amount(Matcher m) {
        assertThat(m.matches()).isTrue();
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "kB" -> v * 1e3;
            case "MB" -> v * 1e6;
            default -> v;
        };
    }
}
