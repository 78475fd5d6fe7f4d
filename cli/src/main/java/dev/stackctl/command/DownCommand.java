package dev.stackctl.command;

import dev.stackctl.engine.ComposeCli;
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
            "Data in the volumes (pgdata, redis-data) is kept unless --volumes is given."})
public final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectMixin project;

    @Option(names = {"-v", "--volumes"}, description = "Also delete the data volumes (the database and Redis data are lost).")
    boolean volumes;

    @Override
    public Integer call() {
        ComposeCli compose = ComposeCli.require();
        new Down(ProjectLayout.locate(), StockTrackerStack.define()).run(compose, project.project, volumes);
        spec.commandLine().getOut().println("stack " + project.project + " is down" + (volumes ? "; its volumes were deleted" : "; volumes kept (use --volumes to delete them)"));
        return 0;
    }
}
