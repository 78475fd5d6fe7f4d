package dev.stackctl.command;

import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import picocli.CommandLine.Option;

/** The stack's options, shared by the commands that render or run it. */
public final class StackOptionsMixin {
    @Option(names = "--frontend-port", paramLabel = "PORT", description = "Default host port of the frontend (default: ${DEFAULT-VALUE}).")
    int frontendPort = StackOptions.DEFAULTS.frontendPort();

    @Option(names = "--backend-port", paramLabel = "PORT", description = "Default host port of the backend API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int backendPort = StackOptions.DEFAULTS.backendPort();

    @Option(names = "--publish-databases", description = "Also publish PostgreSQL (5432) and Redis (6379) on 127.0.0.1 (never on all interfaces).")
    boolean publishDatabases;

    public StackOptions options() {
        try {
            return new StackOptions(frontendPort, backendPort, publishDatabases,
                    StackOptions.DEFAULTS.databasePort(), StackOptions.DEFAULTS.redisPort());
        } catch (IllegalArgumentException e) {
            throw new dev.stackctl.error.StackctlException(dev.stackctl.error.ExitCode.USAGE, e.getMessage(), "Choose a port between 1 and 65535");
        }
    }

    public Stack stack() {
        return definition().stack();
    }

    public StackDefinition definition() {
        return StockTrackerStack.definition(options());
    }
}
