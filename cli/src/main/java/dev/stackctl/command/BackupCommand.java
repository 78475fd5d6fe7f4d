package dev.stackctl.command;

import dev.stackctl.backup.Backup;
import dev.stackctl.backup.DatabaseContainer;
import dev.stackctl.backup.Manifest;
import dev.stackctl.engine.DockerEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl backup}: a consistent dump of the running stack's database, with a manifest. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {
            "Dump the running stack's database (pg_dump -Fc) with a manifest: rows per table, newest times, versions, SHA-256.",
            "",
            "The dump is taken through the database's own container (TimescaleDB's documented way) into "
                    + "DIR/<database>-<UTC time>.dump, with a manifest beside it (<same name>.json): the row count of every table and "
                    + "the newest time of every hypertable, counted in the very snapshot the dump is taken from (a repeatable-read "
                    + "transaction exports it to pg_dump --snapshot), so they match the dump exactly while the backend keeps writing; "
                    + "the PostgreSQL, TimescaleDB, pg_dump and stackctl versions; the dump's size and SHA-256, which restore checks.",
            "",
            "The dump is written to a hidden .partial file and renamed when complete; the manifest is renamed into place last, "
                    + "so a .dump with its .json is a whole backup. Progress (bytes, rate) goes to stderr every 3 s. "
                    + "Exit 1 when the stack or its database is not running, 5 when the database is not healthy, 2 when DIR cannot be "
                    + "written; a full disk removes the partial file and says so."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl backup                              into ./backups",
            "  stackctl backup --to /srv/backups            elsewhere",
            "  stackctl restore backups/stocks-20261207T061500Z.dump --force     put one back"
        })
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Option(names = "--to", paramLabel = "DIR", defaultValue = "backups",
            description = "Directory for the dump and its manifest, created when missing (default: ./${DEFAULT-VALUE}).")
    Path to;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DockerEngine engine = DockerEngine.connect()) {
            DatabaseContainer db = DatabaseContainer.require(engine, project.name(), project.flags());
            Backup.Result r = new Backup(db, spec.commandLine().getErr()).run(to);
            Manifest m = r.manifest();
            double s = r.elapsed().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "backup of %s (database %s): %s%n", m.project(), m.database(), r.dump());
            out.printf(Locale.ROOT, "  %,d bytes in %.1f s (%.1f MB/s, %,d rows/s), SHA-256 %s%n", m.sizeBytes(), s, m.sizeBytes() / 1e6 / Math.max(s, 0.001),
                    (long) (m.totalRows() / Math.max(s, 0.001)), m.sha256());
            out.printf(Locale.ROOT, "  PostgreSQL %s, TimescaleDB %s, %s%n", m.postgresql(), m.timescaledb().isEmpty() ? "none" : m.timescaledb(), m.pgDump());
            out.printf(Locale.ROOT, "  manifest %s: %d tables, %,d rows, counted in the dump's snapshot%n", r.manifestFile(), m.tables().size(), m.totalRows());
            for (Manifest.Table t : m.tables()) {
                out.printf(Locale.ROOT, "    %-24s %,12d%s%n", t.qualified(), t.rows(), t.timeColumn().isEmpty() ? ""
                        : "  newest " + t.timeColumn() + " " + (t.newest().isEmpty() ? "-" : t.newest()));
            }
            return 0;
        }
    }
}
