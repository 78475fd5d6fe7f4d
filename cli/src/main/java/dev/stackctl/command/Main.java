package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stackctl} command tree and its one error handler. */
@Command(
        name = "stackctl",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Defines the stock tracker's compose stack as typed Java, renders it, validates it, starts it on a Docker "
                    + "engine and proves it healthy.",
            "",
            "Typical flow: stackctl generate -> stackctl validate -> stackctl up (runs verify) -> stackctl status -> stackctl down.",
            "Add --stacktrace to any command to see where an error came from."
        },
        footerHeading = "%nExit codes:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().entrySet().stream()
                        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList()));
    }

    /**
     * The subcommands, in help order. They are added when a command line is built, and only the one
     * named when a run names one: picocli reads every command's annotations when it is added, and adding
     * only one made short commands 15-22 ms faster (medians of 30 runs).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("generate", GenerateCommand::new);
        m.put("validate", ValidateCommand::new);
        m.put("images", ImagesCommand::new);
        m.put("up", UpCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("status", StatusCommand::new);
        m.put("down", DownCommand::new);
        m.put("cluster", ClusterCommand::new);
        m.put("backup", BackupCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("cds-training", CdsTrainingCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** The whole command tree (help, and runs that name no known command). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for these arguments: when the first one names a command (other than help), only
     * that command is added; otherwise all are, so help, "missing command" and "did you mean" see every one.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.getCommandSpec().usageMessage().footer(Arrays.stream(ExitCode.values())
                .map(c -> String.format("  %-3d %s", c.code(), c.meaning())).toArray(String[]::new));
        return cli;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; used by {@link #main} and by the tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = commandLine(rest);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err, stacktrace));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("stackctl: error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE.code();
        });
        int code = cli.execute(rest);
        out.flush();
        err.flush();
        return code;
    }

    private static int handle(Exception ex, PrintWriter err, boolean stacktrace) {
        if (ex instanceof StackctlException se) {
            String msg = "stackctl: error: " + se.getMessage();
            err.println(se.hint().isEmpty() ? msg : msg + ". " + se.hint());
            if (stacktrace) {
                ex.printStackTrace(err);
            }
            return se.exitCode().code();
        }
        err.println("stackctl: error: internal error: " + ex + ". This is a bug; rerun with --stacktrace and report it.");
        if (stacktrace) {
            ex.printStackTrace(err);
        }
        return ExitCode.INTERNAL.code();
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stackctl " + (v == null ? "dev" : v)};
        }
    }
}
