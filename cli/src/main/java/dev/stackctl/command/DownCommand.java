package dev.stackctl.command;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.lifecycle.Down;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.StockTrackerStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl down}: stop and remove the stack; data volumes only with --volumes. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop and remove the stack's containers and network.",
            "Data in the volumes (pgdata, redis-data) is kept unless --volumes is given. --volumes on a database that holds "
                    + "rows stops with a one-line error (exit 1) that suggests keeping a copy first; add --yes to delete them anyway."})
public final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Option(names = {"-v", "--volumes"}, description = "Also delete the data volumes (the database and Redis data are lost).")
    boolean volumes;

    @Option(names = "--yes", description = "With --volumes: delete them even when the database holds rows.")
    boolean yes;

    @Override
    public Integer call() {
        if (project.swarm()) {
            if (volumes && !yes) {
                throw new StackctlException(ExitCode.FAILURE, "down --target swarm --volumes deletes the database's volume, rows and all",
                        "Keep a copy first, then run ./stackctl down --target swarm --volumes --yes" + (project.flags().replace(" --target swarm", "")));
            }
            return new dev.stackctl.lifecycle.SwarmRun(ProjectLayout.locate(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                    project.clusterConnection())
                    .down(project.stackName(), volumes);
        }
        if (volumes && !yes) {
            refuseWhenTheDatabaseHoldsRows(project.name(), project.flags());
        }
        ComposeCli compose = ComposeCli.require();
        new Down(ProjectLayout.locate(), project.definition()).run(compose, project.name(), volumes);
        spec.commandLine().getOut().println("stack " + project.name() + " is down" + (volumes ? "; its volumes were deleted" : "; volumes kept (use --volumes to delete them)"));
        return 0;
    }

    /** Rows in the database's tables (hypertable chunks included), counted by PostgreSQL's statistics inside the container. */
    static final String COUNT_ROWS = "SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables"
            + " WHERE schemaname NOT IN ('_timescaledb_catalog', '_timescaledb_config') AND relname <> 'flyway_schema_history'";

    private static void refuseWhenTheDatabaseHoldsRows(String project, String flags) {
        try (DockerEngine engine = DockerEngine.connect()) {
            java.util.Optional<com.github.dockerjava.api.model.Container> db = engine.projectContainers(project).stream()
                    .filter(c -> "timescaledb".equals(DockerEngine.serviceOf(c))).findFirst();
            if (db.isEmpty()) {
                return;
            }
            String fix = "Keep a copy first with ./stackctl backup" + flags + " (pg_dump -Fc and a manifest, into ./backups), then run "
                    + "./stackctl down --volumes --yes" + flags;
            if (!"running".equals(db.get().getState())) {
                throw new StackctlException(ExitCode.FAILURE, "the database of " + project + " is not running, so down --volumes cannot "
                        + "tell whether the volume holds rows", fix);
            }
            // the credentials stay in the container: its shell expands them from its own environment
            DockerEngine.ExecResult r = engine.exec(db.get().getId(), java.util.List.of("sh", "-c",
                    "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"${POSTGRES_USER:-postgres}\" -d \"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\""
                            + " -X -At -v ON_ERROR_STOP=1 -c \"$STACKCTL_SQL\""), java.util.Map.of("STACKCTL_SQL", COUNT_ROWS),
                    java.time.Duration.ofSeconds(20));
            String out = r.output().strip();
            long rows;
            try {
                rows = r.exitCode() == 0 ? Long.parseLong(out.lines().reduce((a, b) -> b).orElse("")) : -1;
            } catch (NumberFormatException e) {
                rows = -1;
            }
            if (rows < 0) {
                throw new StackctlException(ExitCode.FAILURE, "down --volumes could not count the rows in the database of " + project
                        + " (" + out.lines().findFirst().orElse("no output") + ")", fix);
            }
            if (rows > 0) {
                throw new StackctlException(ExitCode.FAILURE, "the database of " + project + " holds about " + rows
                        + " rows; down --volumes would delete them", fix);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
