package dev.stackctl.backup;

import static dev.stackctl.TestHost.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import dev.stackctl.command.Main;
import dev.stackctl.TestHost;
import dev.stackctl.engine.ExternalProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * backup and restore on the real stack (its own compose project, air-gapped images), through the
 * real CLI, with every count read back with SELECT. A backup taken while the backend writes is later
 * restored with the backend stopped: the tables then hold exactly the manifest's counts, which is
 * only true when the counts and the dump came from one snapshot. Broken files are refused with the
 * database unchanged, row for row. Without a Docker engine this test fails; it never skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {
    private static final String PROJECT = "stackctl-backup-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path DIR = Path.of("target/backup-it").toAbsolutePath();
    private static final int MARKED = 50_000;

    /** Taken while the backend writes; taken with the backend stopped. */
    private static Path whileWriting;
    private static Path quiet;

    record Run(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Run stackctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void up() throws IOException {
        System.setProperty("stackctl.root", TestProject.root().toString());
        if (Files.exists(DIR)) {
            // an earlier run's files, the broken/ copies included (deepest first)
            try (Stream<Path> old = Files.walk(DIR)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        Files.createDirectories(DIR);
        Run r = stackctl("up", "--airgap", "--project-name", PROJECT, "--frontend-port", Integer.toString(freePort()),
                "--backend-port", Integer.toString(freePort()));
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    @AfterAll
    static void down() {
        Run down = stackctl("down", "--project-name", PROJECT, "--volumes", "--yes");
        assertThat(down.exitCode()).as(down.describe()).isZero();
        assertThat(docker(List.of("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)).stdout()).isBlank();
    }

    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aBackupTakenWhileTheBackendWritesHasAManifestOfItsSnapshot() throws Exception {
        sql("INSERT INTO ticks SELECT now() - make_interval(secs => g), 'ZZBK', 1000 + g % 7, 1 + g % 3, 'B', 'test', g"
                + " FROM generate_series(1, " + MARKED + ") g");
        awaitBackendRows();
        Run r = stackctl("backup", "--project-name", PROJECT, "--to", DIR.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        whileWriting = onlyNew(".dump", List.of());
        Manifest m = checkedManifest(whileWriting);
        assertThat(r.out()).contains("backup of " + PROJECT + " (database stocks): " + whileWriting, m.sha256(), "counted in the dump's snapshot");
        Map<String, Long> now = counts();
        assertThat(rows(m).keySet()).containsAll(List.of("ticks", "candles_1m", "foreign_flow", "index_snapshots", "futures_ticks", "alerts",
                "writer_progress", "flyway_schema_history")).isEqualTo(now.keySet());
        // the backend kept writing: nothing counted then is missing now
        rows(m).forEach((t, n) -> assertThat(now.get(t)).as(t).isGreaterThanOrEqualTo(n));
        assertThat(rows(m).get("ticks")).isGreaterThan(MARKED);

        Run none = stackctl("backup", "--project-name", PROJECT + "-none", "--to", DIR.toString());
        assertThat(none.exitCode()).as(none.describe()).isEqualTo(1);
        assertThat(none.err()).startsWith("stackctl: error: the stack " + PROJECT + "-none is not running").hasLineCount(1);
        Run notDir = stackctl("backup", "--project-name", PROJECT, "--to", whileWriting.toString());
        assertThat(notDir.exitCode()).as(notDir.describe()).isEqualTo(2);
        assertThat(notDir.err()).contains("exists and is not a directory").hasLineCount(1);
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void withTheBackendStoppedTheManifestEqualsSelectCounts() throws Exception {
        assertThat(docker(List.of("docker", "stop", container("backend"))).ok()).isTrue();
        Run r = stackctl("backup", "--project-name", PROJECT, "--to", DIR.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        quiet = onlyNew(".dump", List.of(whileWriting));
        Manifest m = checkedManifest(quiet);
        assertThat(rows(m)).isEqualTo(counts());
        Manifest.Table ticks = m.tables().stream().filter(t -> t.name().equals("ticks")).findFirst().orElseThrow();
        assertThat(ticks.timeColumn()).isEqualTo("ts");
        assertThat(ticks.newest()).isEqualTo(sql("SELECT to_char(max(ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM ticks")
                .strip().replaceAll("0+$", "").replaceAll("\\.$", "") + "Z");
        assertThat(m.timescaledb()).isEqualTo(sql("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'").strip());
        assertThat(m.postgresql()).startsWith(sql("SHOW server_version").strip());
    }

    @Test
    @Order(3)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDatabaseHoldingRowsIsRefusedWithoutForce() {
        Map<String, Long> before = counts();
        Run r = stackctl("restore", "--project-name", PROJECT, quiet.toString());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.err()).contains("stackctl: error: the database stocks of " + PROJECT + " is not empty: ", "ticks " + String.format(java.util.Locale.ROOT, "%,d", before.get("ticks")),
                "Add --force to replace them");
        assertThat(counts()).isEqualTo(before);

        // the database changes after the backups: some marked rows go, others come
        sql("DELETE FROM ticks WHERE symbol = 'ZZBK' AND seq <= 20000");
        sql("INSERT INTO ticks SELECT now(), 'ZZNEW', 1, 1, 'S', 'test', g FROM generate_series(1, 1000) g");
        assertThat(marked()).containsEntry("ZZBK", (long) MARKED - 20000).containsEntry("ZZNEW", 1000L);
    }

    @Test
    @Order(4)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aTruncatedAFlippedOrADamagedDumpLeavesTheDatabaseAsItWas() throws Exception {
        Map<String, Long> before = counts();
        List<String> databases = databases();
        byte[] dump = Files.readAllBytes(quiet);
        String manifest = Files.readString(Manifest.pathFor(quiet));

        Path truncated = copy("truncated", java.util.Arrays.copyOf(dump, dump.length / 2), manifest);
        Run t = stackctl("restore", "--project-name", PROJECT, truncated.toString(), "--force");
        assertThat(t.exitCode()).as(t.describe()).isEqualTo(1);
        assertThat(t.err()).contains("its manifest says " + dump.length + ": the file is truncated").hasLineCount(1);

        byte[] flippedBytes = dump.clone();
        flippedBytes[dump.length / 3] ^= 0x40;
        Path flipped = copy("flipped", flippedBytes, manifest);
        Run f = stackctl("restore", "--project-name", PROJECT, flipped.toString(), "--force");
        assertThat(f.exitCode()).as(f.describe()).isEqualTo(1);
        assertThat(f.err()).contains("the file is corrupted").hasLineCount(1);

        // damaged data under a manifest that matches it: pg_restore fails half-way, in the new database only
        Path damaged = copy("damaged", flippedBytes, manifest.replace(Checksum.sha256(dump), Checksum.sha256(flippedBytes)));
        Run d = stackctl("restore", "--project-name", PROJECT, damaged.toString(), "--force");
        assertThat(d.exitCode()).as(d.describe()).isEqualTo(1);
        assertThat(d.err()).contains("stackctl: error: pg_restore failed", "the database stocks was not changed");
        assertThat(refusal(d, damaged)).as(d.describe()).startsWith("stackctl: error: pg_restore failed (exit 1): ")
                .endsWith("; the database stocks was not changed. Restore another backup").doesNotContain("CONTEXT:")
                .as("pg_restore's cause as one clause, not its lines joined").doesNotContain("pg_restore: ", " / ").hasLineCount(1);

        // not an archive at all
        byte[] junk = "this is not a dump\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Path notADump = copy("junk", junk, manifest.replace(Checksum.sha256(dump), Checksum.sha256(junk))
                .replace("\"sizeBytes\" : " + dump.length, "\"sizeBytes\" : " + junk.length));
        Run j = stackctl("restore", "--project-name", PROJECT, notADump.toString(), "--force");
        assertThat(j.exitCode()).as(j.describe()).isEqualTo(1);
        assertThat(j.err()).contains("is not a readable pg_dump archive", "input file does not appear to be a valid archive");
        assertThat(refusal(j, notADump)).as(j.describe()).isEqualTo("stackctl: error: " + notADump + " is not a readable pg_dump archive"
                + " (pg_restore: input file does not appear to be a valid archive). Nothing was changed; restore another backup");

        assertThat(counts()).as("rows after the refused restores").isEqualTo(before);
        assertThat(databases()).as("no half-restored database is left").isEqualTo(databases);
    }

    @Test
    @Order(5)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void restoringTheBackupTakenWhileWritingGivesBackExactlyItsRows() throws Exception {
        Manifest m = Manifest.parse(Files.readString(Manifest.pathFor(whileWriting)));
        List<String> databases = databases();
        String hypertables = sql("SELECT string_agg(hypertable_name, ',' ORDER BY hypertable_name) FROM timescaledb_information.hypertables").strip();
        Run r = stackctl("restore", "--project-name", PROJECT, whileWriting.toString(), "--force", "--no-verify");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).contains("restored " + whileWriting + " into " + PROJECT);
        // the backend is stopped: nothing writes, so the tables hold what the dump's snapshot held, and the manifest says so
        assertThat(counts()).isEqualTo(rows(m));
        assertThat(marked()).containsEntry("ZZBK", (long) MARKED).doesNotContainKey("ZZNEW");
        assertThat(databases()).isEqualTo(databases);
        assertThat(sql("SELECT string_agg(hypertable_name, ',' ORDER BY hypertable_name) FROM timescaledb_information.hypertables").strip())
                .isEqualTo(hypertables).contains("ticks");
        assertThat(sql("SHOW timescaledb.restoring").strip()).isEqualTo("off");
    }

    @Test
    @Order(6)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void restoringUnderTheRunningBackendVerifiesTheStackAndWritingGoesOn() throws Exception {
        assertThat(docker(List.of("docker", "start", container("backend"))).ok()).isTrue();
        awaitHealthy("backend");
        Manifest m = Manifest.parse(Files.readString(Manifest.pathFor(quiet)));
        Run r = stackctl("restore", "--project-name", PROJECT, quiet.toString(), "--force");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).contains("verify: PASSED");
        assertThat(r.err()).contains("swapping it in", "dropping the replaced database");
        Map<String, Long> after = counts();
        rows(m).forEach((t, n) -> assertThat(after.get(t)).as(t).isGreaterThanOrEqualTo(n));
        assertThat(marked()).containsEntry("ZZBK", (long) MARKED).doesNotContainKey("ZZNEW");
        // the backend's pool reconnected to the restored database and writes into it
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (counts().get("ticks") <= after.get("ticks") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertThat(counts().get("ticks")).as("ticks written after the restore").isGreaterThan(after.get("ticks"));
    }

    @Test
    @Order(7)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void downVolumesOnADatabaseHoldingRowsSuggestsABackupFirstAndChangesNothing() {
        Map<String, Long> before = counts();
        Run r = stackctl("down", "--project-name", PROJECT, "--volumes");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.err()).startsWith("stackctl: error: the database of " + PROJECT + " holds about ")
                .contains("rows; down --volumes would delete them", "Keep a copy first with ./stackctl backup --project-name " + PROJECT,
                        "./stackctl down --volumes --yes --project-name " + PROJECT)
                .doesNotContain("pg_dump -Fc ... >").hasLineCount(1);
        assertThat(docker(List.of("docker", "ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)).stdout().lines())
                .as("containers after the refusal").hasSize(4);
        Map<String, Long> after = counts();
        before.forEach((t, n) -> assertThat(after.get(t)).as(t).isGreaterThanOrEqualTo(n));
    }

    // --- helpers

    /**
     * The one error line of a refused restore: every other line on stderr must be one of restore's own
     * progress lines (the file matches its manifest, the steps), so a tool's output spilled across lines fails.
     */
    private static String refusal(Run r, Path dump) {
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.describe()).isNotEmpty();
        assertThat(lines.subList(0, lines.size() - 1)).as("the lines before the error\n%s", r.describe())
                .allMatch(l -> l.startsWith("stackctl: " + dump + " matches its manifest (") || l.startsWith("stackctl: restore: "));
        System.out.println("restore refused: " + lines.getLast());
        return lines.getLast();
    }

    private static Manifest checkedManifest(Path dump) throws IOException {
        Path mf = Manifest.pathFor(dump);
        assertThat(mf).exists();
        Manifest m = Manifest.parse(Files.readString(mf));
        assertThat(m.file()).isEqualTo(dump.getFileName().toString());
        assertThat(m.sizeBytes()).isEqualTo(Files.size(dump));
        // the checksum from another implementation than the one under test
        String sha = new ExternalProcess(List.of("sha256sum", dump.toString()), DIR, Map.of(), Duration.ofSeconds(60)).run().stdout().split(" ")[0];
        assertThat(m.sha256()).isEqualTo(sha);
        assertThat(m.snapshot()).isNotBlank();
        assertThat(m.project()).isEqualTo(PROJECT);
        try (Stream<Path> s = Files.list(DIR)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
        return m;
    }

    private static Map<String, Long> rows(Manifest m) {
        Map<String, Long> r = new TreeMap<>();
        m.tables().forEach(t -> r.put(t.qualified(), t.rows()));
        return r;
    }

    private static Path onlyNew(String suffix, List<Path> known) throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<Path> found = s.filter(p -> p.toString().endsWith(suffix) && !known.contains(p)).toList();
            assertThat(found).hasSize(1);
            return found.getFirst();
        }
    }

    private static Path copy(String name, byte[] dump, String manifest) throws IOException {
        Path p = DIR.resolve("broken").resolve(name + ".dump");
        Files.createDirectories(p.getParent());
        Files.write(p, dump);
        Files.writeString(Manifest.pathFor(p), manifest);
        return p;
    }

    /** Exact rows of every table of the public schema, counted with SELECT count(*). */
    private static Map<String, Long> counts() {
        List<String> tables = sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        List<String> selects = new ArrayList<>();
        tables.forEach(t -> selects.add("SELECT '" + t + "', count(*) FROM public.\"" + t + "\""));
        Map<String, Long> m = new TreeMap<>();
        sql(String.join(" UNION ALL ", selects)).lines().filter(l -> l.contains("|"))
                .forEach(l -> m.put(l.split("\\|")[0], Long.parseLong(l.split("\\|")[1].strip())));
        return m;
    }

    private static Map<String, Long> marked() {
        Map<String, Long> m = new TreeMap<>();
        sql("SELECT symbol, count(*) FROM ticks WHERE symbol LIKE 'ZZ%' GROUP BY 1").lines().filter(l -> l.contains("|"))
                .forEach(l -> m.put(l.split("\\|")[0], Long.parseLong(l.split("\\|")[1].strip())));
        return m;
    }

    private static List<String> databases() {
        return sql("SELECT datname FROM pg_database ORDER BY 1").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void awaitBackendRows() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Long.parseLong(sql("SELECT count(*) FROM ticks WHERE symbol <> 'ZZBK'").strip()) < 100 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static void awaitHealthy(String service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String health = "";
        while (System.nanoTime() < deadline) {
            health = docker(List.of("docker", "inspect", "-f", "{{.State.Health.Status}}", container(service))).stdout().strip();
            if (health.equals("healthy")) return;
            Thread.sleep(500);
        }
        throw new AssertionError(service + " not healthy after 120 s: " + health);
    }

    /** psql in the database container, as the stack's login, unaligned and tuples only; fails on any error. */
    private static String sql(String query) {
        ExternalProcess.Result r = docker(List.of("docker", "exec", "-e", "Q=" + query, container("timescaledb"), "sh", "-c",
                "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -X -At -v ON_ERROR_STOP=1 -c \"$Q\""));
        assertThat(r.exitCode()).as("%s: %s", query, r.stderr()).isZero();
        return r.stdout();
    }

    private static String container(String service) {
        String id = docker(List.of("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT,
                "--filter", "label=com.docker.compose.service=" + service)).stdout().strip();
        assertThat(id).as("container of " + service).isNotBlank();
        return id;
    }

    private static ExternalProcess.Result docker(List<String> command) {
        return TestHost.run(command, Duration.ofSeconds(60));
    }
}
