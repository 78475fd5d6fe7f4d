package dev.stackctl.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument lists of the programs the image builder runs (mmdebstrap, {@code docker import},
 * {@code docker build}; everything else goes through the engine API, {@link ImageStore}). Pure
 * functions, so the unit tests can check them and the recipe hash can include the exact mmdebstrap
 * invocation.
 */
public final class ImageBuildCommands {
    /** Label holding the recipe hash; an image whose label equals the current hash is not rebuilt. */
    public static final String HASH_LABEL = "dev.stackctl.recipe-hash";
    /**
     * Label naming the recipe an image was built from; the application images inherit it from their
     * base, which is how superseded ones are found ({@link BaseImages#pruneSuperseded}).
     */
    public static final String RECIPE_LABEL = "dev.stackctl.recipe";
    /**
     * Label with the exact Debian packages of the root file system, {@code name:arch=version}
     * separated by spaces (dpkg-query -W after the installation). Set on the imported rootfs, so the
     * base image and every image built on it inherit it.
     */
    public static final String DPKG_LABEL = "dev.stackctl.dpkg";
    /** Label with the SOURCE_DATE_EPOCH the rootfs was built with (the newest Release date of its archives). */
    public static final String EPOCH_LABEL = "dev.stackctl.source-date-epoch";
    /** Label with the apt sources the rootfs was built from, separated by {@code ; }. */
    public static final String SOURCES_LABEL = "dev.stackctl.apt-sources";
    /** dpkg-query's format for the package record: one {@code name:arch=version} a line. */
    static final String DPKG_FORMAT = "${Package}:${Architecture}=${Version}\\n";

    /** Paths excluded from every image by dpkg: documentation, manual pages, translations. */
    static final List<String> DPKG_OPTIONS = List.of(
            "path-exclude=/usr/share/doc/*",
            "path-include=/usr/share/doc/*/copyright",
            "path-exclude=/usr/share/man/*",
            "path-exclude=/usr/share/info/*",
            "path-exclude=/usr/share/locale/*");

    private ImageBuildCommands() {}

    /** Where a build's inputs and outputs live inside its scratch directory. */
    public record WorkDir(Path root) {
        public Path rootfsTar() {
            return root.resolve("rootfs.tar");
        }

        public Path context() {
            return root.resolve("context");
        }

        public Path customizeScript() {
            return root.resolve(ImageRecipe.CUSTOMIZE);
        }

        public Path caDir() {
            return root.resolve("ca");
        }

        /** The installed packages, written by a customize hook. */
        public Path packagesFile() {
            return root.resolve("dpkg-packages.txt");
        }
    }

    /**
     * {@code mmdebstrap}: the recipe's packages into a root file system tarball, documentation
     * excluded, apt lists and caches removed.
     *
     * @param withHostCa whether {@code work.caDir()} holds the host's extra CA certificates to trust
     */
    public static List<String> mmdebstrap(ImageRecipe recipe, DebianArchives archives, WorkDir work, boolean withHostCa) {
        List<String> args = new ArrayList<>();
        args.add("mmdebstrap");
        args.add("--variant=" + recipe.variant());
        args.add("--include=" + String.join(",", recipe.packages()));
        args.add("--aptopt=Acquire::Retries \"3\"");
        for (String opt : DPKG_OPTIONS) {
            args.add("--dpkgopt=" + opt);
        }
        // maintainer scripts (update-alternatives for java.1.gz) expect the man directories to exist
        args.add("--essential-hook=mkdir -p \"$1/usr/share/man/man1\"");
        if (recipe.hasCustomizeScript()) {
            args.add("--customize-hook=sh " + quote(work.customizeScript().toString()) + " \"$1\"");
        }
        if (withHostCa) {
            // a build container must trust the same TLS interception/corporate CAs as this host
            args.add("--customize-hook=mkdir -p \"$1/usr/local/share/ca-certificates\" && cp "
                    + quote(work.caDir().toString()) + "/*.crt \"$1/usr/local/share/ca-certificates/\""
                    + " && chroot \"$1\" update-ca-certificates");
        }
        // the package record, taken before apt's lists go (they are not needed for it)
        args.add("--customize-hook=chroot \"$1\" dpkg-query -W -f='" + DPKG_FORMAT + "' > " + quote(work.packagesFile().toString()));
        args.add("--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/*.bin"
                + " \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/log/apt/* \"$1\"/var/log/dpkg.log"
                + " \"$1\"/var/log/alternatives.log");
        args.add(recipe.suite());
        args.add(work.rootfsTar().toString());
        args.addAll(archives.mmdebstrapMirrors(recipe.suite()));
        return List.copyOf(args);
    }

    /** Imports the rootfs tarball under its cache tag ({@link ImageRecipe#rootfsCacheTag}). */
    public static List<String> dockerImport(ImageRecipe recipe, WorkDir work, String rootfsHash, List<String> packages,
            long sourceDateEpoch, List<String> sources) {
        return List.of("docker", "import", "--message", "stackctl rootfs for " + recipe.name() + " (" + rootfsHash + ")",
                "--change", "LABEL " + DPKG_LABEL + "=\"" + String.join(" ", packages) + "\"",
                "--change", "LABEL " + EPOCH_LABEL + "=\"" + sourceDateEpoch + "\"",
                "--change", "LABEL " + SOURCES_LABEL + "=\"" + String.join("; ", sources) + "\"",
                work.rootfsTar().toString(), ImageRecipe.rootfsCacheTag(recipe.name(), rootfsHash));
    }

    /** The packages of a {@link #DPKG_LABEL} value, by {@code name:arch}. */
    public static java.util.SortedMap<String, String> parseDpkgLabel(String label) {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
        if (label == null) {
            return m;
        }
        for (String e : label.strip().split("\\s+")) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                m.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return m;
    }

    public static List<String> dockerBuild(ImageRecipe recipe, WorkDir work, String hash) {
        return List.of("docker", "build", "--progress=plain",
                "--label", HASH_LABEL + "=" + hash,
                "--label", RECIPE_LABEL + "=" + recipe.name(),
                "--tag", recipe.tag(),
                work.context().toString());
    }

    /** Single-quotes a path for the shell snippets mmdebstrap hooks are. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
