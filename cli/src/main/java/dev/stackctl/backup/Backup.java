package dev.stackctl.backup;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A consistent backup of the stack's database, taken through its running container: one psql
 * session opens a repeatable-read transaction, exports its snapshot, counts every table in it, and
 * runs {@code pg_dump -Fc --snapshot} on that same snapshot while the transaction stays open, so the
 * manifest's counts are exactly what the dump holds, however busy the writer is. The dump is written
 * to a hidden temporary file and renamed when complete and checksummed; the manifest is renamed into
 * place last, so a backup with a manifest is a whole one.
 */
public final class Backup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The custom format's first bytes. */
    static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    private final DatabaseContainer db;
    private final PrintWriter progress;

    public Backup(DatabaseContainer db, PrintWriter progress) {
        this.db = db;
        this.progress = progress;
    }

    /** What was written: the dump, its manifest, and how long the dump took. */
    public record Result(Path dump, Path manifestFile, Manifest manifest, Duration elapsed) {}

    /** The versions and whether TimescaleDB is installed, asked before anything is written. */
    record Server(String postgresql, String timescaledb, String pgDump) {}

    static Server probe(DatabaseContainer db) {
        String out = db.psql(null, "SELECT 'stackctl|server|' || current_setting('server_version') || '|'"
                + " || coalesce((SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'), '');\n"
                + "\\! pg_dump --version\n", Duration.ofSeconds(30), "reading the database's versions");
        String[] f = out.lines().filter(l -> l.startsWith(TableCounts.MARK + "server|")).findFirst()
                .orElseThrow(() -> new StackctlException(ExitCode.FAILURE, "the database of " + db.project() + " did not report its version ("
                        + DatabaseContainer.lastLines(out) + ")", "See docker logs " + db.name()))
                .split("\\|", -1);
        String pgDump = out.lines().filter(l -> l.startsWith("pg_dump ")).findFirst().orElse("").strip();
        return new Server(f[2], f[3], pgDump);
    }

    public Result run(Path dir) throws IOException {
        Path target = writableDirectory(dir);
        Server server = probe(db);
        Instant now = Instant.now();
        String base = db.database() + "-" + STAMP.format(now);
        Path dump = target.resolve(base + ".dump");
        for (int i = 2; Files.exists(dump) || Files.exists(Manifest.pathFor(dump)); i++) {
            dump = target.resolve(base + "-" + i + ".dump");
        }
        Path partial = target.resolve("." + dump.getFileName() + ".partial");
        try {
            StreamedExec.Outcome o = StreamedExec.toFile(db.dockerExec(false, Map.of("STACKCTL_SQL", script(server.timescaledb().isEmpty() ? false : true)),
                    // psql's own output goes to stderr; the dump alone to fd 3, the exec's stdout
                    "exec 3>&1 1>&2; printf '%s\\n' \"$STACKCTL_SQL\" | psql " + DatabaseContainer.CONNECT + " -d " + DatabaseContainer.DATABASE
                            + " -X -q -At -v ON_ERROR_STOP=1"), partial, Duration.ofHours(24), "backup", progress);
            check(o, partial);
            List<Manifest.Table> tables = TableCounts.parse(o.stderr());
            String snapshot = o.stderr().lines().filter(l -> l.startsWith(TableCounts.MARK + "snapshot|")).findFirst()
                    .map(l -> l.substring((TableCounts.MARK + "snapshot|").length())).orElse("");
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            long size = Files.size(partial);
            String sha = Checksum.sha256(partial);
            move(partial, dump);
            Manifest m = new Manifest(DateTimeFormatter.ISO_INSTANT.format(now), db.project(), db.database(), dump.getFileName().toString(),
                    size, sha, server.postgresql(), server.timescaledb(), server.pgDump(), version(), snapshot, tables);
            Path manifest = Manifest.pathFor(dump);
            Path manifestPartial = target.resolve("." + manifest.getFileName() + ".partial");
            Files.writeString(manifestPartial, m.toJson(), StandardCharsets.UTF_8);
            move(manifestPartial, manifest);
            return new Result(dump, manifest, m, o.elapsed());
        } catch (IOException e) {
            throw diskError(e, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The psql script: snapshot, counts in it, pg_dump of it, and pg_dump's exit code as a marked line. */
    static String script(boolean timescaledb) {
        return "SET TIME ZONE 'UTC';\n"
                + "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                + "SELECT pg_export_snapshot() AS stackctl_snapshot \\gset\n"
                + "\\setenv STACKCTL_SNAPSHOT :stackctl_snapshot\n"
                + "SELECT 'stackctl|snapshot|' || :'stackctl_snapshot';\n"
                + TableCounts.script(timescaledb)
                + "\\! pg_dump " + DatabaseContainer.CONNECT + " -d " + DatabaseContainer.DATABASE
                + " -Fc --snapshot=\"$STACKCTL_SNAPSHOT\" >&3; echo \"stackctl|pg_dump|$?\" >&2\n"
                + "COMMIT;\n";
    }

    private void check(StreamedExec.Outcome o, Path partial) throws IOException {
        String err = o.stderr();
        if (err.contains("No space left on device") || err.contains("no space left on device")) {
            throw new IOException("No space left on device");
        }
        boolean dumped = err.lines().anyMatch(l -> l.equals(TableCounts.MARK + "pg_dump|0"));
        String problems = String.join("\n", err.lines().filter(l -> !l.startsWith(TableCounts.MARK)).toList());
        if (o.exitCode() != 0 || !dumped) {
            throw new StackctlException(ExitCode.FAILURE, "pg_dump in " + db.name() + " failed (exit " + o.exitCode() + "): "
                    + DatabaseContainer.lastLines(problems), "Nothing was kept; see docker logs " + db.name() + " and try again");
        }
        byte[] head = new byte[MAGIC.length];
        try (var in = Files.newInputStream(partial)) {
            if (in.readNBytes(head, 0, head.length) != head.length || !java.util.Arrays.equals(head, MAGIC)) {
                throw new StackctlException(ExitCode.FAILURE, "pg_dump in " + db.name() + " wrote no custom-format archive ("
                        + o.bytes() + " bytes)", "Nothing was kept; run it again with --stacktrace and report it");
            }
        }
    }

    private static Path writableDirectory(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d);
        } catch (FileAlreadyExistsException e) {
            throw new StackctlException(ExitCode.USAGE, "--to " + dir + ": " + d + " exists and is not a directory", "Name a directory with --to DIR");
        } catch (IOException e) {
            throw new StackctlException(ExitCode.USAGE, "--to " + dir + ": cannot create " + d + " (" + e.getMessage() + ")",
                    "Name a directory you can write to with --to DIR");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(d, ".stackctl-write-test-", ""));
        } catch (IOException e) {
            throw new StackctlException(ExitCode.USAGE, "--to " + dir + ": cannot write in " + d + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", "Name a directory you can write to with --to DIR");
        }
        return d;
    }

    private static StackctlException diskError(IOException e, Path dir) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left on device")) {
            return new StackctlException(ExitCode.FAILURE, "the disk holding " + dir + " is full (No space left on device); the partial dump was removed",
                    "Free some space or write elsewhere with --to DIR");
        }
        return new StackctlException(ExitCode.FAILURE, "writing the backup in " + dir + " failed: " + msg, "Check the directory and try again", e);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static String version() {
        String v = Backup.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
