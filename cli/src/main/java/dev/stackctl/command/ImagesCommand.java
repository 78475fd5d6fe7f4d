package dev.stackctl.command;

import dev.stackctl.engine.BaseImages;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.engine.ProgressSink;
import dev.stackctl.model.ProjectLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl images}: the stack's base images, built locally from Debian packages. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = {
            "Build the stack's base images without a registry, from Debian 13 packages: mmdebstrap -> docker import -> "
                    + "docker build with the recipe's Dockerfile (recipes: templates/images/<name>/).",
            "",
            "The label dev.stackctl.recipe-hash on each image holds the hash of its recipe; an image whose label matches its recipe is not rebuilt, and a recipe whose "
                    + "packages did not change reuses its cached root file system (stackctl-rootfs/<name>:<hash>)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl images build              all five, cached when current",
            "  stackctl images build redis --force",
            "  stackctl images list"
        },
        subcommands = {ImagesCommand.Build.class, ImagesCommand.ListImages.class})
public final class ImagesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: choose build or list");
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Build the named base images (all when none is named) unless current. Progress (image, step, elapsed "
                        + "seconds) goes to stderr, a summary table to stdout. After a rebuild, the stackctl images it "
                        + "left untagged are removed when no container uses them. Needs a Docker engine and mmdebstrap "
                        + "(bin/setup installs both)."
            })
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..*",
                description = "Recipe names: timescaledb, redis, nginx, node, jre (default: all).")
        List<String> names = new ArrayList<>();

        @Option(names = "--force",
                description = "Rebuild even when current, with a fresh root file system from the mirror.")
        boolean force;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Debian archive to build from (default: the first archive URI in /etc/apt). Images are built from "
                        + "its suite and <suite>-updates, and from <suite>-security in the security archive.")
        String mirror;

        @Option(names = "--security-mirror", paramLabel = "URL",
                description = "Debian security archive (default: derived from the mirror by Debian's convention, "
                        + ".../debian -> .../debian-security).")
        String securityMirror;

        @Option(names = "--jobs", paramLabel = "N", defaultValue = "2",
                description = "Images built at the same time (default: ${DEFAULT-VALUE}).")
        int jobs;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (jobs < 1) {
                throw new StackctlException(ExitCode.USAGE, "--jobs: must be 1 or more, got " + jobs, "");
            }
            BaseImages images = new BaseImages(ProjectLayout.locate(), java.nio.file.Path.of("/etc/apt"), BaseImages.HOST_CA_DIR, jobs);
            List<BaseImages.Outcome> outcomes = images.build(names, force, mirror, securityMirror, ProgressSink.printingTo(err));
            out.println(String.format(Locale.ROOT, "%-32s %-7s %9s %8s", "IMAGE", "STATUS", "SIZE", "SECONDS"));
            for (BaseImages.Outcome o : outcomes) {
                out.println(String.format(Locale.ROOT, "%-32s %-7s %9s %8.1f", o.tag(), o.built() ? "built" : "cached",
                        megabytes(o.sizeBytes()), o.elapsed().toMillis() / 1000.0));
            }
            if (outcomes.stream().anyMatch(BaseImages.Outcome::built)) {
                // a rebuilt image's predecessor is now untagged: drop those no container uses
                BaseImages.pruneSuperseded().ifPresent(line -> err.println("images: " + line));
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "Lists the base images: tag, state, size and recipe hash.",
                "State: current, stale (the recipe changed since the build) or missing."
            })
    static final class ListImages implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<BaseImages.Entry> entries = new BaseImages(ProjectLayout.locate()).list();
            out.println(String.format(Locale.ROOT, "%-32s %-8s %9s  %s", "IMAGE", "STATE", "SIZE", "RECIPE HASH"));
            for (BaseImages.Entry e : entries) {
                out.println(String.format(Locale.ROOT, "%-32s %-8s %9s  %s", e.tag(), e.state(),
                        e.present() ? megabytes(e.sizeBytes()) : "-", e.currentHash().substring(0, 12)));
            }
            return 0;
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
