package dev.stackctl.backup;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Restores a backup into the stack's database without ever putting the data there at risk. Before
 * anything is changed: the dump's size and SHA-256 must equal its manifest's, {@code pg_restore --list}
 * must read it, the server's TimescaleDB must be the backup's version, and a database holding rows
 * needs {@code force}. The dump is then restored into a new database beside the stack's, following
 * TimescaleDB's documented steps (create the extension, {@code timescaledb_pre_restore()},
 * {@code pg_restore}, {@code timescaledb_post_restore()}); only when every table there holds at least
 * the manifest's rows are the two swapped by renaming (connections to the old one are closed first;
 * the backend's pool reconnects to the new one) and the old one dropped. A failure at any step before
 * the swap drops the new database and leaves the stack's as it was.
 */
public final class Restore {
    private final DatabaseContainer db;
    private final PrintWriter progress;

    public Restore(DatabaseContainer db, PrintWriter progress) {
        this.db = db;
        this.progress = progress;
    }

    /** What the database held before and holds now, and how long pg_restore took. */
    public record Result(Manifest manifest, Map<String, Long> replaced, List<Manifest.Table> restored, Duration restoreTime) {}

    /** Reads and checks a backup's manifest and dump on the host; a one-line error for any mismatch. */
    public static Manifest checkFile(Path dump) throws IOException {
        if (Files.isDirectory(dump)) {
            throw new StackctlException(ExitCode.USAGE, "FILE " + dump + " is a directory", "Name one .dump in it written by ./stackctl backup");
        }
        if (!Files.isRegularFile(dump)) {
            throw new StackctlException(ExitCode.USAGE, "FILE " + dump + ": no such file", "Name a .dump written by ./stackctl backup");
        }
        Path mf = Manifest.pathFor(dump);
        Manifest m;
        try {
            m = Manifest.parse(Files.readString(mf, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new StackctlException(ExitCode.FAILURE, "no manifest " + mf + " beside " + dump + ", so its checksum cannot be checked",
                    "Restore a backup written by ./stackctl backup (its .json lies beside the .dump)");
        } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
            throw new StackctlException(ExitCode.FAILURE, "the manifest " + mf + " is damaged: " + e.getMessage(),
                    "Restore another backup; nothing was changed");
        } catch (IOException e) {
            throw unreadable(mf, e);
        }
        String mismatch;
        try {
            mismatch = Checksum.mismatch(dump, m);
        } catch (IOException e) {
            throw unreadable(dump, e);
        }
        if (mismatch != null) {
            throw new StackctlException(ExitCode.FAILURE, mismatch, "Nothing was changed; restore another backup");
        }
        return m;
    }

    private static StackctlException unreadable(Path file, IOException e) {
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new StackctlException(ExitCode.FAILURE, "cannot read " + file + " (" + why + ")",
                "Make it readable for this user (or run as its owner); nothing was changed");
    }

    public Result run(Path dump, Manifest m, boolean force) throws IOException {
        Backup.Server server = Backup.probe(db);
        checkVersion(m, server);
        readable(dump);
        Map<String, Long> now = rows(null);
        Map<String, Long> holding = now.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        if (!holding.isEmpty() && !force) {
            throw new StackctlException(ExitCode.FAILURE, "the database " + db.database() + " of " + db.project() + " is not empty: "
                    + holding.entrySet().stream().map(e -> e.getKey() + " " + Units.count(e.getValue())).collect(Collectors.joining(", "))
                    + " rows", "Add --force to replace them with the backup's (nothing was changed)");
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String fresh = db.database() + "_restore_" + suffix;
        boolean swapped = false;
        step("restoring into a new database " + fresh + " beside " + db.database());
        try {
            db.psql("postgres", "SELECT format('CREATE DATABASE %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L', "
                    + TableCounts.literal(fresh) + ", pg_encoding_to_char(encoding), datcollate, datctype) FROM pg_database WHERE datname = "
                    + TableCounts.literal(db.database()) + " \\gexec\n", Duration.ofSeconds(60), "creating the database to restore into");
            boolean tsdb = !m.timescaledb().isEmpty();
            if (tsdb) {
                db.psql(fresh, "CREATE EXTENSION IF NOT EXISTS timescaledb;\nSELECT timescaledb_pre_restore();\n", Duration.ofSeconds(60),
                        "preparing TimescaleDB for the restore");
            }
            StreamedExec.Outcome o = StreamedExec.fromFile(db.dockerExec(true, Map.of("STACKCTL_DB", fresh),
                    "exec pg_restore " + DatabaseContainer.CONNECT + " -d \"$STACKCTL_DB\" --exit-on-error --no-owner"), dump,
                    Duration.ofHours(24), "restore", progress);
            if (o.exitCode() != 0) {
                throw new StackctlException(ExitCode.FAILURE, "pg_restore failed (exit " + o.exitCode() + "): " + PgToolError.clause(o.stderr())
                        + "; the database " + db.database() + " was not changed", "Restore another backup");
            }
            if (tsdb) {
                db.psql(fresh, "SELECT timescaledb_post_restore();\n", Duration.ofSeconds(60), "ending TimescaleDB's restore mode");
            }
            List<Manifest.Table> restored = counts(fresh);
            List<String> short_ = shortOf(m, restored);
            if (!short_.isEmpty()) {
                throw new StackctlException(ExitCode.FAILURE, "the restored copy holds fewer rows than the manifest: " + String.join(", ", short_)
                        + "; the database " + db.database() + " was not changed", "Restore another backup");
            }
            step("the copy holds every table's rows (" + Units.count(restored.stream().mapToLong(Manifest.Table::rows).sum())
                    + "); swapping it in for " + db.database());
            swap(fresh, suffix);
            swapped = true;
            return new Result(m, now, restored, o.elapsed());
        } finally {
            if (!swapped) {
                dropQuietly(fresh);
            }
        }
    }

    private static void checkVersion(Manifest m, Backup.Server server) {
        if (!m.timescaledb().isEmpty() && !m.timescaledb().equals(server.timescaledb())) {
            throw new StackctlException(ExitCode.FAILURE, "the backup was taken with TimescaleDB " + m.timescaledb() + ", the stack's database has "
                    + (server.timescaledb().isEmpty() ? "none" : server.timescaledb())
                    + "; TimescaleDB restores only into the version it was dumped from", "Run the stack with TimescaleDB " + m.timescaledb()
                    + " to restore it (nothing was changed)");
        }
    }

    /** {@code pg_restore --list}: the dump must be an archive pg_restore can read, with table data in it. */
    private void readable(Path dump) throws IOException {
        StreamedExec.Outcome o = StreamedExec.fromFile(db.dockerExec(true, Map.of(), "exec pg_restore --list"), dump, Duration.ofMinutes(10),
                "reading the dump", progress);
        if (o.exitCode() != 0) {
            throw new StackctlException(ExitCode.FAILURE, dump + " is not a readable pg_dump archive (pg_restore: " + PgToolError.clause(o.stderr()) + ")",
                    "Nothing was changed; restore another backup");
        }
    }

    /** Rows per table of a database (null: the stack's), counted exactly. */
    private Map<String, Long> rows(String database) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts(database).forEach(t -> m.put(t.qualified(), t.rows()));
        return m;
    }

    private List<Manifest.Table> counts(String database) {
        boolean tsdb = db.psql(database, "SELECT 'stackctl|tsdb|' || EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb');\n",
                Duration.ofSeconds(30), "reading the database's extensions").contains("stackctl|tsdb|true");
        return TableCounts.parse(db.psql(database, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n" + "SET LOCAL TIME ZONE 'UTC';\n"
                + TableCounts.script(tsdb) + "COMMIT;\n", Duration.ofMinutes(30), "counting the rows"));
    }

    /** The tables of the manifest that hold fewer rows (or are missing) in the restored copy. */
    static List<String> shortOf(Manifest m, List<Manifest.Table> restored) {
        Map<String, Long> have = new LinkedHashMap<>();
        restored.forEach(t -> have.put(t.qualified(), t.rows()));
        List<String> out = new ArrayList<>();
        for (Manifest.Table t : m.tables()) {
            Long n = have.get(t.qualified());
            if (n == null) {
                out.add(t.qualified() + " missing");
            } else if (n < t.rows()) {
                out.add(t.qualified() + " " + n + " of " + t.rows());
            }
        }
        return out;
    }

    /**
     * The stack's database and the restored copy are closed to new connections and their sessions
     * ended (the backend's pool, TimescaleDB's job scheduler of each), then renamed in one transaction
     * that opens the new one again; the old one is dropped after. A failure re-opens the old one.
     */
    private void swap(String fresh, String suffix) {
        String cur = db.database();
        String old = cur + "_replaced_" + suffix;
        String both = "(" + TableCounts.literal(cur) + ", " + TableCounts.literal(fresh) + ")";
        db.psql("postgres", "ALTER DATABASE " + TableCounts.ident(cur) + " WITH ALLOW_CONNECTIONS false;\n"
                + "ALTER DATABASE " + TableCounts.ident(fresh) + " WITH ALLOW_CONNECTIONS false;\n", Duration.ofSeconds(30),
                "closing the databases to new connections");
        try {
            // pg_stat_activity is read once per transaction unless its snapshot is cleared: without the
            // clear, the loop saw the ended sessions for all its 100 rounds (10 s on every restore)
            db.psql("postgres", "DO $$ BEGIN FOR i IN 1..100 LOOP\n"
                    + "  PERFORM pg_stat_clear_snapshot();\n"
                    + "  PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN " + both + " AND pid <> pg_backend_pid();\n"
                    + "  PERFORM pg_stat_clear_snapshot();\n"
                    + "  EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname IN " + both + " AND pid <> pg_backend_pid());\n"
                    + "  PERFORM pg_sleep(0.1);\n"
                    + "END LOOP; END $$;\n"
                    + "BEGIN;\n"
                    + "ALTER DATABASE " + TableCounts.ident(cur) + " RENAME TO " + TableCounts.ident(old) + ";\n"
                    + "ALTER DATABASE " + TableCounts.ident(fresh) + " RENAME TO " + TableCounts.ident(cur) + ";\n"
                    + "ALTER DATABASE " + TableCounts.ident(cur) + " WITH ALLOW_CONNECTIONS true;\n"
                    + "COMMIT;\n", Duration.ofSeconds(60), "swapping in the restored database");
        } catch (StackctlException e) {
            try {
                db.psql("postgres", "ALTER DATABASE " + TableCounts.ident(cur) + " WITH ALLOW_CONNECTIONS true;\n", Duration.ofSeconds(30),
                        "re-opening the database");
            } catch (StackctlException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        step("swapped; dropping the replaced database (renamed " + old + ")");
        db.psql("postgres", "DROP DATABASE IF EXISTS " + TableCounts.ident(old) + " WITH (FORCE);\n", Duration.ofMinutes(10),
                "dropping the replaced database " + old);
    }

    private void step(String what) {
        progress.println("stackctl: restore: " + what);
        progress.flush();
    }

    private void dropQuietly(String database) {
        try {
            db.psql("postgres", "DROP DATABASE IF EXISTS " + TableCounts.ident(database) + " WITH (FORCE);\n", Duration.ofMinutes(5),
                    "dropping the unfinished copy " + database);
        } catch (StackctlException e) {
            progress.println("stackctl: warning: " + e.getMessage() + "; drop it by hand: DROP DATABASE " + database);
        }
    }
}
