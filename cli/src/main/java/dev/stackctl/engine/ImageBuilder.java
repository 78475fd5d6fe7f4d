package dev.stackctl.engine;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

/** Builds one base image: rootfs (mmdebstrap), import, build; scratch files removed on success. */
final class ImageBuilder {
    private static final Duration ROOTFS_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

    private final ImageStore store;
    private final DebianArchives machineArchives;
    private final java.util.function.Function<ImageRecipe, Long> sourceDateEpoch;
    private final ProgressSink progress;

    /**
     * @param sourceDateEpoch the SOURCE_DATE_EPOCH of a recipe's build (from its archives' Release files)
     */
    ImageBuilder(ImageStore store, DebianArchives machineArchives, java.util.function.Function<ImageRecipe, Long> sourceDateEpoch,
            ProgressSink progress) {
        this.store = store;
        this.machineArchives = machineArchives;
        this.sourceDateEpoch = sourceDateEpoch;
        this.progress = progress;
    }

    /**
     * @param forceRootfs rebuild the root file system even when a cached one with the same rootfs
     *     hash exists (fresh packages from the mirror)
     */
    BaseImages.Outcome build(ImageRecipe recipe, String hash, SortedMap<String, byte[]> hostCa, boolean forceRootfs)
            throws IOException {
        long start = System.nanoTime();
        String rootfsHash = RecipeHash.rootfs(recipe, hostCa);
        String rootfsImage = ImageRecipe.rootfsCacheTag(recipe.name(), rootfsHash);
        Path root = Files.createTempDirectory("stackctl-image-" + recipe.name() + "-");
        ImageBuildCommands.WorkDir work = new ImageBuildCommands.WorkDir(root);
        boolean ok = false;
        try {
            writeInputs(recipe, work, hostCa);
            if (!forceRootfs && store.inspect(rootfsImage).isPresent()) {
                progress.report(recipe.name(), "rootfs", elapsed(start), "cached " + rootfsImage);
            } else {
                DebianArchives archives = recipe.archives(machineArchives);
                long epoch = sourceDateEpoch.apply(recipe);
                List<String> sources = archives.mmdebstrapMirrors(recipe.suite());
                step(recipe, "rootfs", start, ImageBuildCommands.mmdebstrap(recipe, archives, work, !hostCa.isEmpty()),
                        root, ROOTFS_TIMEOUT, Map.of("SOURCE_DATE_EPOCH", Long.toString(epoch)),
                        String.join(" + ", sources.stream().map(l -> l.substring(4)).toList()) + " (SOURCE_DATE_EPOCH=" + epoch + "): "
                                + String.join(" ", recipe.packages()));
                List<String> packages = Files.readAllLines(work.packagesFile(), StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
                if (packages.isEmpty()) {
                    throw new StackctlException(ExitCode.FAILURE, recipe.name() + ": dpkg-query listed no packages in the root file system",
                            "Scratch files kept in " + root);
                }
                step(recipe, "import", start, ImageBuildCommands.dockerImport(recipe, work, rootfsHash, packages, epoch, sources), root,
                        IMPORT_TIMEOUT, Map.of(), rootfsImage + " (" + packages.size() + " packages)");
                // the tarball is in the image now; free the disk before the build
                Files.deleteIfExists(work.rootfsTar());
            }
            progress.report(recipe.name(), "tag", elapsed(start), ImageRecipe.rootfsTag(recipe.name()));
            store.tag(rootfsImage, ImageRecipe.rootfsTag(recipe.name()));
            step(recipe, "build", start, ImageBuildCommands.dockerBuild(recipe, work, hash), root, BUILD_TIMEOUT, Map.of(), recipe.tag());
            // the Dockerfile's base tag goes; the cache tag keeps the rootfs (a layer the image shares anyway)
            store.untag(ImageRecipe.rootfsTag(recipe.name()));
            pruneRootfsCache(recipe, rootfsImage);
            ImageStore.Info built = store.inspect(recipe.tag()).orElse(null);
            if (built == null || !hash.equals(built.recipeHash())) {
                throw new StackctlException(ExitCode.FAILURE, recipe.tag() + ": built, but the engine does not show it with label "
                        + ImageBuildCommands.HASH_LABEL + "=" + hash, "Rerun with --force");
            }
            Duration took = elapsed(start);
            progress.report(recipe.name(), "done", took, recipe.tag() + " " + built.sizeBytes() / 1_000_000 + " MB");
            ok = true;
            return new BaseImages.Outcome(recipe.name(), recipe.tag(), true, built.sizeBytes(), took, hash);
        } finally {
            if (ok) {
                deleteTree(root);
            }
        }
    }

    /** Removes this recipe's cached root file systems other than the current one; failures only cost disk. */
    private void pruneRootfsCache(ImageRecipe recipe, String keep) {
        try {
            store.tagsOf(ImageRecipe.rootfsCacheRepository(recipe.name())).stream().filter(t -> !t.equals(keep)).forEach(store::untag);
        } catch (RuntimeException e) {
            progress.report(recipe.name(), "prune", Duration.ZERO, "could not remove older cached root file systems: " + e.getMessage());
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void step(ImageRecipe recipe, String step, long start, List<String> command, Path dir, Duration timeout,
            Map<String, String> env, String note) throws IOException {
        progress.report(recipe.name(), step, Duration.ofNanos(System.nanoTime() - start), note);
        ExternalProcess.Result r;
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("DOCKER_BUILDKIT", "1");
        try {
            r = new ExternalProcess(command, dir, environment, timeout)
                    .run((ms, line) -> progress.report(recipe.name(), step, Duration.ofNanos(System.nanoTime() - start),
                            line.isEmpty() ? "running" : "running: " + line));
        } catch (ExternalProcess.NotStartedException e) {
            throw new StackctlException(ExitCode.DOCKER_UNAVAILABLE, recipe.name() + ": " + step + ": " + e.getMessage(),
                    step.equals("rootfs") ? "Install it: apt-get install mmdebstrap" : "Start the engine: sudo bin/setup");
        } catch (ExternalProcess.TimeoutException e) {
            throw new StackctlException(ExitCode.FAILURE, recipe.name() + ": " + step + ": " + e.getMessage(),
                    "Scratch files kept in " + dir);
        }
        if (!r.ok()) {
            Path log = dir.resolve(step + ".log");
            Files.writeString(log, r.stdout() + "\n--- stderr ---\n" + r.stderr(), StandardCharsets.UTF_8);
            throw new StackctlException(ExitCode.FAILURE, recipe.name() + ": step " + step + " failed: " + r.describeFailure(),
                    "Full output in " + log);
        }
    }

    private static void writeInputs(ImageRecipe recipe, ImageBuildCommands.WorkDir work, SortedMap<String, byte[]> hostCa)
            throws IOException {
        for (Map.Entry<String, String> f : recipe.contextFiles().entrySet()) {
            Path target = work.context().resolve(f.getKey()).normalize();
            if (!target.startsWith(work.context())) {
                throw new IllegalStateException("recipe file escapes the build context: " + f.getKey());
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        }
        if (recipe.hasCustomizeScript()) {
            Files.writeString(work.customizeScript(), recipe.files().get(ImageRecipe.CUSTOMIZE), StandardCharsets.UTF_8);
        }
        if (!hostCa.isEmpty()) {
            Files.createDirectories(work.caDir());
            for (Map.Entry<String, byte[]> ca : hostCa.entrySet()) {
                Files.write(work.caDir().resolve(ca.getKey()), ca.getValue());
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove scratch directory " + root, e);
        }
    }
}
