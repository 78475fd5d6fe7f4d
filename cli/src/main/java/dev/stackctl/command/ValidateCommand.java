package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until implemented. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Not implemented yet.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new StackctlException(ExitCode.FAILURE, "'validate' is not implemented yet", "");
    }
}
