package dev.stackctl.command;

import dev.stackctl.render.ComposeWriter;
import dev.stackctl.render.Generator;
import dev.stackctl.render.ProjectLayout;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Validator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the classes of generate, validate and help once, so the launcher can record an
 * AppCDS archive ({@code -XX:ArchiveClassesAtExit}) that every later start maps instead of loading.
 */
@Command(name = "cds-training", hidden = true)
public final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var stack = StockTrackerStack.define();
        var files = new Generator(ProjectLayout.locate()).render(stack);
        Validator.standard().validateFile(files.get(Generator.COMPOSE_FILE), RuleContext.defaults());
        new ComposeWriter("").write(stack);
        StringWriter sink = new StringWriter();
        Main.execute(new String[] {"--help"}, new PrintWriter(sink), new PrintWriter(sink));
        Main.execute(new String[] {"validate", "--list-rules"}, new PrintWriter(sink), new PrintWriter(sink));
        new CommandLine(new Main()).getUsageMessage();
        return 0;
    }
}
