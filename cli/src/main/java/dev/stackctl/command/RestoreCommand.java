package dev.stackctl.command;

import dev.stackctl.backup.DatabaseContainer;
import dev.stackctl.backup.Manifest;
import dev.stackctl.backup.Restore;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.verify.StackTarget;
import dev.stackctl.verify.Verifier;
import dev.stackctl.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl restore}: put a backup back into the running stack's database, safely. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
            "Put a backup back into the running stack's database: checked first, restored beside it, then swapped in whole.",
            "",
            "FILE is a .dump written by stackctl backup. Before anything is changed: the "
                    + "dump's size and SHA-256 must equal its manifest's (NAME.json beside NAME.dump; a truncated or corrupted file is "
                    + "refused), pg_restore --list must read it, and the server must run the backup's TimescaleDB version. A database "
                    + "that holds rows is refused (the tables are named) unless --force is given: --force replaces them.",
            "",
            "The dump is restored into a new database beside the stack's (TimescaleDB's steps: timescaledb_pre_restore, "
                    + "pg_restore, timescaledb_post_restore); only when every table there holds at least the manifest's rows are the "
                    + "two swapped by renaming and the old one dropped, so a failure at any step leaves the data as it was. The "
                    + "backend's connections are closed at the swap and its pool reconnects. Then the stack is verified as by "
                    + "stackctl verify. Needs free disk for a second copy of the database while it runs. Progress on stderr."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl restore backups/stocks-20261207T061500Z.dump           refused when the database holds rows",
            "  stackctl restore backups/stocks-20261207T061500Z.dump --force   replace them"
        })
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .dump written by stackctl backup (its manifest NAME.json lies beside NAME.dump).")
    Path file;

    @Option(names = "--force", description = "Replace the rows the database holds with the backup's.")
    boolean force;

    @Option(names = "--no-verify", negatable = false, description = "Skip verifying the stack afterwards (e.g. when the backend is stopped on purpose).")
    boolean noVerify;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Manifest m = Restore.checkFile(file);
        err.printf(Locale.ROOT, "stackctl: %s matches its manifest (%,d bytes, SHA-256 %s...)%n", file, m.sizeBytes(), m.sha256().substring(0, 12));
        try (DockerEngine engine = DockerEngine.connect()) {
            DatabaseContainer db = DatabaseContainer.require(engine, project.name(), project.flags());
            Restore.Result r = new Restore(db, err).run(file, m, force);
            double s = r.restoreTime().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "restored %s into %s (database %s) in %.1f s (%,d rows/s); replaced %,d rows%n", file, db.project(), db.database(), s,
                    (long) (m.totalRows() / Math.max(s, 0.001)), r.replaced().values().stream().mapToLong(Long::longValue).sum());
            Map<String, Long> restored = new java.util.HashMap<>();
            r.restored().forEach(t -> restored.put(t.qualified(), t.rows()));
            for (Manifest.Table t : m.tables()) {
                out.printf(Locale.ROOT, "    %-24s %,12d (manifest %,d)%n", t.qualified(), restored.getOrDefault(t.qualified(), 0L), t.rows());
            }
            out.flush();
            if (noVerify) {
                return 0;
            }
            err.println("stackctl: restore: verifying the stack (as stackctl verify does)");
            err.flush();
            Instant reference = engine.projectContainers(project.name()).stream().map(c -> Instant.ofEpochSecond(c.getCreated()))
                    .min(Instant::compareTo).orElse(Instant.now());
            VerifyReport report = new Verifier(Duration.ofSeconds(60), false, Duration.ofSeconds(30))
                    .run(new StackTarget(engine, project.name(), project.definition(), reference, project.scale()), c -> { });
            out.print(report.text());
            return report.passed() ? 0 : report.exitCode().code();
        }
    }
}
