package dev.stackctl.command;

import dev.stackctl.apt.ArchiveCache;
import dev.stackctl.engine.BaseImages;
import dev.stackctl.engine.ImageStatus;
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
            "  stackctl images list",
            "  stackctl images status             packages behind the archive, security fixes among them",
            "  stackctl images sbom stackctl/nginx:1.26 > nginx.cdx.json"
        },
        subcommands = {ImagesCommand.Build.class, ImagesCommand.ListImages.class, ImagesCommand.Status.class, ImagesCommand.Sbom.class})
public final class ImagesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: choose build, list, status or sbom");
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Build the named base images (all when none is named) unless current. Progress (image, step, elapsed "
                        + "seconds) goes to stderr, a summary table to stdout. After a rebuild, the stackctl images it "
                        + "left untagged are removed when no container uses them. Needs a Docker engine and mmdebstrap "
                        + "(bin/setup installs both).",
                "",
                "Current means: the recipe is unchanged (same hash) and no installed package has a newer version in the "
                        + "archive (as stackctl images status shows). An image that is behind is rebuilt from a fresh root file "
                        + "system; the others are kept. With no archive reachable, only the recipe hashes count (and it says so)."
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
            List<BaseImages.Outcome> outcomes = force
                    ? images.build(names, true, mirror, securityMirror, ProgressSink.printingTo(err))
                    : images.buildCurrent(names, mirror, securityMirror, line -> err.println("images: " + line), ProgressSink.printingTo(err));
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

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Per base image: how many installed packages have a newer version in the archive it is built from (the "
                        + "suite, <suite>-updates, <suite>-security) and how many of those are security fixes. The installed "
                        + "versions come from the image's dev.stackctl.dpkg label (recorded at build time), the archive's from its "
                        + "Packages indexes, cached in ~/.cache/stackctl/apt and revalidated with If-Modified-Since, so a warm run "
                        + "costs three small requests.",
                "",
                "With no archive reachable it says so on stderr and uses the indexes cached last (or reports the images as "
                        + "unknown). Exit 0 whatever the state; stackctl images build rebuilds the images that are behind."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  stackctl images status",
                "  stackctl images status nginx --packages     each package that is behind, and from which suite",
                "  stackctl images status --output json"
            })
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Recipe names (default: all).")
        List<String> names = new ArrayList<>();

        @Option(names = "--packages", description = "List every package that is behind: installed -> available (suite).")
        boolean packages;

        @Option(names = "--mirror", paramLabel = "URL", description = "Debian archive to compare with (default: as images build).")
        String mirror;

        @Option(names = "--security-mirror", paramLabel = "URL", description = "Debian security archive (default: derived from the mirror).")
        String securityMirror;

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        OutputFormat output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            BaseImages images = new BaseImages(ProjectLayout.locate());
            ImageStatus.Report report = new ImageStatus(images, new ArchiveCache(ArchiveCache.defaultDir()))
                    .check(names, images.archives(mirror, securityMirror));
            if (!report.archiveNote().isEmpty()) {
                err.println("images: archive not reachable: " + report.archiveNote());
            }
            if (output == OutputFormat.json) {
                out.println(Json.write(report));
                return 0;
            }
            out.println(String.format(Locale.ROOT, "%-32s %-8s %8s %7s %8s", "IMAGE", "STATE", "PACKAGES", "BEHIND", "SECURITY"));
            for (ImageStatus.Entry e : report.entries()) {
                out.println(String.format(Locale.ROOT, "%-32s %-8s %8s %7s %8s%s", e.tag(), e.state(),
                        e.packages() == 0 ? "-" : Integer.toString(e.packages()),
                        e.known() ? Integer.toString(e.upgrades().size()) : "-",
                        e.known() ? Long.toString(e.securityFixes()) : "-",
                        e.note().isEmpty() ? "" : "  " + e.note()));
                if (packages && e.behind()) {
                    for (ImageStatus.Upgrade u : e.upgrades()) {
                        out.println(String.format(Locale.ROOT, "    %-40s %s -> %s (%s)", u.nameArch(), u.installed(), u.available(), u.suite()));
                    }
                }
            }
            List<ImageStatus.Entry> behind = report.behind();
            if (!behind.isEmpty()) {
                out.println(behind.size() + " image" + (behind.size() == 1 ? " is" : "s are") + " behind the archive; rebuild "
                        + (behind.size() == 1 ? "it" : "them") + ": ./stackctl images build "
                        + String.join(" ", behind.stream().map(ImageStatus.Entry::name).toList()));
            }
            return 0;
        }
    }

    @Command(
            name = "sbom",
            mixinStandardHelpOptions = true,
            description = {
                "Print a CycloneDX 1.6 JSON bill of materials of an image: every Debian package dpkg has installed in it "
                        + "(name, version, architecture, source package; purl pkg:deb/debian/NAME@VERSION?arch=ARCH), plus the "
                        + "Maven artifacts inside the backend's jar (" + dev.stackctl.engine.ImageSbom.JAR + ") and the npm packages "
                        + "the frontend's bundle was built from (" + dev.stackctl.engine.ImageSbom.NPM_LOCK + ", dev-only ones left out).",
                "",
                "The packages are read from the image itself (dpkg-query in a throw-away container with no network), so it "
                        + "works for any Debian-based image, not only stackctl's."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  stackctl images sbom nginx                          a recipe name means its tag",
                "  stackctl images sbom stackctl/stock-backend:0.1.0 > backend.cdx.json",
                "  stackctl images sbom redis --output-file redis.cdx.json"
            })
    static final class Sbom implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "IMAGE", description = "An image reference, or a base-image recipe name (nginx, jre, ...).")
        String image;

        @Option(names = "--output-file", paramLabel = "FILE", description = "Write the document here instead of stdout.")
        java.nio.file.Path file;

        @Override
        public Integer call() throws java.io.IOException {
            String ref = image;
            if (!ref.contains(":") && !ref.contains("/")) {
                BaseImages images = new BaseImages(ProjectLayout.locate());
                ref = images.select(List.of(ref)).getFirst().tag();
            }
            String json = dev.stackctl.engine.ImageSbom.json(ref);
            if (file != null) {
                java.nio.file.Files.writeString(file, json + "\n");
                spec.commandLine().getErr().println("images: wrote the CycloneDX SBOM of " + ref + " to " + file);
            } else {
                spec.commandLine().getOut().println(json);
            }
            return 0;
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
