package dev.stackctl.command;

import dev.stackctl.stack.StockTrackerStack;
import picocli.CommandLine.Option;

/** Which running compose project a command acts on, and with which images. */
public final class ProjectMixin {
    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
            description = "Compose project name (default: ${DEFAULT-VALUE}); lets several copies run side by side.")
    String project = StockTrackerStack.PROJECT;
}
