package dev.stackctl.engine;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The stack's base images, built without a registry: each recipe under {@code templates/images/}
 * becomes a Debian root file system (mmdebstrap), a Docker image ({@code docker import}) and the
 * final tagged image ({@code docker build} with the recipe's Dockerfile), labelled with its
 * {@link RecipeHash}. An image whose label equals the current hash is not rebuilt.
 *
 * <p>mmdebstrap, {@code docker import} and {@code docker build} (BuildKit) run as programs with
 * argument lists ({@link ImageBuildCommands}); inspecting, tagging, listing and removing images go
 * through the engine API ({@link ImageStore}).
 */
public final class BaseImages {
    /** Where the host's locally added CA certificates live (Debian's update-ca-certificates layout). */
    public static final Path HOST_CA_DIR = Path.of("/usr/local/share/ca-certificates");

    private final ProjectLayout layout;
    private final Path aptRoot;
    private final Path hostCaDir;
    private final int jobs;
    private java.nio.file.Path cacheDir = dev.stackctl.apt.ArchiveCache.defaultDir();
    private String recipesDir = STACK_RECIPES;

    /** The stack's recipes, under {@code templates/images/}. */
    public static final String STACK_RECIPES = "images";
    /** The local cluster's recipes (swarm node, registry), under {@code templates/cluster-images/}: built by {@code cluster up} only. */
    public static final String CLUSTER_RECIPES = "cluster-images";

    /** The same builder for the recipes under {@code templates/<dir>/} (e.g. {@link #CLUSTER_RECIPES}). */
    public BaseImages withRecipes(String dir) {
        this.recipesDir = dir;
        return this;
    }

    /** Where archive indexes are cached (default {@link dev.stackctl.apt.ArchiveCache#defaultDir()}). */
    public BaseImages withCacheDir(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    public BaseImages(ProjectLayout layout) {
        this(layout, Path.of("/etc/apt"), HOST_CA_DIR, 2);
    }

    public BaseImages(ProjectLayout layout, Path aptRoot, Path hostCaDir, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs: must be 1 or more, got " + jobs);
        }
        this.layout = layout;
        this.aptRoot = aptRoot;
        this.hostCaDir = hostCaDir;
        this.jobs = jobs;
    }

    /** Builds whatever is missing or stale and returns every base image's tag. For {@code up --airgap} and tests. */
    public static List<String> ensureBuilt(ProjectLayout layout, ProgressSink progress) {
        return new BaseImages(layout).build(List.of(), false, null, progress).stream().map(Outcome::tag).toList();
    }

    /** The archives to build from and check against: {@code --mirror} (or the machine's apt configuration) and its security archive. */
    public DebianArchives archives(String mirror, String securityMirror) {
        try {
            return DebianArchives.of(DebianMirror.resolve(mirror, aptRoot), securityMirror);
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, e.getMessage(), "");
        }
    }

    /** Result of {@link #build} for one image. */
    public record Outcome(String name, String tag, boolean built, long sizeBytes, Duration elapsed, String hash) {}

    /** State of one image for {@code images list}. */
    public record Entry(String name, String tag, String currentHash, String imageHash, long sizeBytes) {
        public boolean present() {
            return imageHash != null;
        }

        /** {@code current}, {@code stale} (recipe changed since the build) or {@code missing}. */
        public String state() {
            return !present() ? "missing" : currentHash.equals(imageHash) ? "current" : "stale";
        }
    }

    /** Every recipe under {@code templates/images/} (or the directory {@link #withRecipes} chose), by name. */
    public List<ImageRecipe> recipes() {
        Path dir = layout.templates().resolve(recipesDir);
        if (!Files.isDirectory(dir)) {
            throw new StackctlException(ExitCode.FAILURE, "no image recipes: " + dir + " does not exist",
                    "Run stackctl from the project checkout, or pass -Dstackctl.root=<project root>");
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<ImageRecipe> recipes = new ArrayList<>();
            for (Path p : list.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
                recipes.add(ImageRecipe.load(p));
            }
            return recipes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ImageRecipe.RecipeException e) {
            throw new StackctlException(ExitCode.FAILURE, e.getMessage(), "");
        }
    }

    /** The recipes named (all when {@code names} is empty); an unknown name is a usage error. */
    public List<ImageRecipe> select(List<String> names) {
        List<ImageRecipe> all = recipes();
        if (names.isEmpty()) {
            return all;
        }
        Map<String, ImageRecipe> byName = new HashMap<>();
        all.forEach(r -> byName.put(r.name(), r));
        List<ImageRecipe> chosen = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            ImageRecipe r = byName.get(n);
            if (r == null) {
                throw new StackctlException(ExitCode.USAGE, "NAME: no image recipe '" + n + "'",
                        "Choose from " + String.join(", ", all.stream().map(ImageRecipe::name).toList()));
            }
            chosen.add(r);
        }
        return chosen;
    }

    /** The host CA certificates a recipe gets: only recipes that install ca-certificates. */
    SortedMap<String, byte[]> hostCaFor(ImageRecipe recipe) {
        SortedMap<String, byte[]> certs = new TreeMap<>();
        if (!recipe.packages().contains("ca-certificates") || !Files.isDirectory(hostCaDir)) {
            return certs;
        }
        try (Stream<Path> walk = Files.walk(hostCaDir)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".crt") && Files.isRegularFile(f)).sorted().toList()) {
                certs.put(hostCaDir.relativize(p).toString().replace('/', '_'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return certs;
    }

    public String hashOf(ImageRecipe recipe) {
        return RecipeHash.of(recipe, hostCaFor(recipe));
    }

    /** Present/missing, size and current/stale for each recipe. */
    public List<Entry> list() {
        return entries();
    }

    /**
     * The same (connecting fails with the Docker-unavailable exit code when no engine answers): only
     * reads, so {@code up} runs it while the model is still being checked.
     */
    public List<Entry> entries() {
        List<ImageRecipe> recipes = recipes();
        Map<String, ImageStore.Info> found;
        try (DockerEngine engine = DockerEngine.connect()) {
            found = engine.images().inspectAll(recipes.stream().map(ImageRecipe::tag).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recipes.stream().map(r -> {
            ImageStore.Info i = found.get(r.tag());
            return new Entry(r.name(), r.tag(), hashOf(r), i == null ? null : i.recipeHash(), i == null ? 0 : i.sizeBytes());
        }).toList();
    }

    /**
     * Builds the named images (all when empty) unless an image with the same tag and recipe hash
     * exists; {@code force} rebuilds anyway.
     *
     * @param mirror Debian archive URL, or null for the machine's apt configuration
     */
    public List<Outcome> build(List<String> names, boolean force, String mirror, ProgressSink progress) {
        return build(names, force, mirror, null, progress);
    }

    /** The same with an explicit security archive ({@code --security-mirror}; null derives it from the mirror). */
    public List<Outcome> build(List<String> names, boolean force, String mirror, String securityMirror, ProgressSink progress) {
        return build(names, force ? Set.copyOf(names.isEmpty() ? recipes().stream().map(ImageRecipe::name).toList() : names) : Set.of(),
                mirror, securityMirror, progress);
    }

    /**
     * {@code images build}: builds what is missing or whose recipe changed, and rebuilds from a fresh
     * root file system every image that is behind the archive ({@link ImageStatus}); the others are
     * kept. With no archive reachable, says so through {@code notes} and goes by recipe hashes alone.
     */
    public List<Outcome> buildCurrent(List<String> names, String mirror, String securityMirror,
            java.util.function.Consumer<String> notes, ProgressSink progress) {
        ImageStatus.Report report = new ImageStatus(this, new dev.stackctl.apt.ArchiveCache(cacheDir))
                .check(names, archives(mirror, securityMirror));
        if (!report.archiveNote().isEmpty()) {
            notes.accept("archive not reachable: " + report.archiveNote());
        }
        Set<String> fresh = new java.util.TreeSet<>();
        for (ImageStatus.Entry e : report.behind()) {
            notes.accept(e.tag() + " is behind the archive (" + e.upgrades().size() + " packages, " + e.securityFixes()
                    + " security fixes): rebuilding it from a fresh root file system");
            fresh.add(e.name());
        }
        return build(names, fresh, mirror, securityMirror, progress);
    }

    /**
     * Builds the named images (all when empty) unless current; those in {@code fresh} are rebuilt
     * from a fresh root file system even when current (forced, or behind the archive).
     */
    public List<Outcome> build(List<String> names, Set<String> fresh, String mirror, String securityMirror, ProgressSink progress) {
        long start = System.nanoTime();
        List<ImageRecipe> recipes = select(names);
        try (DockerEngine engine = DockerEngine.connect()) {
            return build(engine.images(), recipes, fresh, mirror, securityMirror, progress, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Outcome> build(ImageStore store, List<ImageRecipe> recipes, Set<String> fresh, String mirror, String securityMirror,
            ProgressSink progress, long start) {
        Map<String, String> hashes = new HashMap<>();
        recipes.forEach(r -> hashes.put(r.name(), hashOf(r)));
        List<Outcome> outcomes = new ArrayList<>();
        List<ImageRecipe> toBuild = stale(store, recipes, hashes, fresh, start, ProgressSink.NONE, outcomes);
        if (toBuild.isEmpty()) {
            cached(outcomes, hashes, progress, start);
            return outcomes;
        }
        requireMmdebstrap();
        DebianArchives machine = archives(mirror, securityMirror);
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "stackctl-images.lock");
        try (BuildLock lock = BuildLock.acquire(lockFile, Duration.ofMinutes(60), () -> progress.report(
                "*", "wait", since(start), "another image build is running (" + lockFile + "); waiting for it"))) {
            // look again under the lock: a build that just finished may have made these current
            outcomes.clear();
            toBuild = stale(store, recipes, hashes, fresh, start, progress, outcomes);
            buildAll(store, toBuild, hashes, machine, fresh, progress, outcomes);
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, e.getMessage(), "Retry when the other build has finished");
        }
        Map<String, Integer> order = new HashMap<>();
        for (int k = 0; k < recipes.size(); k++) {
            order.put(recipes.get(k).name(), k);
        }
        outcomes.sort(Comparator.comparing(o -> order.get(o.name())));
        return outcomes;
    }

    private static void cached(List<Outcome> outcomes, Map<String, String> hashes, ProgressSink progress, long start) {
        for (Outcome o : outcomes) {
            progress.report(o.name(), "cached", since(start), o.tag() + " recipe " + hashes.get(o.name()).substring(0, 12));
        }
    }

    /** Adds an outcome for every current image to {@code cachedOut}; returns the recipes to build. */
    private List<ImageRecipe> stale(ImageStore store, List<ImageRecipe> recipes, Map<String, String> hashes, Set<String> fresh,
            long start, ProgressSink progress, List<Outcome> cachedOut) {
        Map<String, ImageStore.Info> found = store.inspectAll(recipes.stream().map(ImageRecipe::tag).toList());
        List<ImageRecipe> toBuild = new ArrayList<>();
        for (ImageRecipe r : recipes) {
            String hash = hashes.get(r.name());
            ImageStore.Info i = found.get(r.tag());
            if (!fresh.contains(r.name()) && i != null && hash.equals(i.recipeHash())) {
                Outcome o = new Outcome(r.name(), r.tag(), false, i.sizeBytes(), since(start), hash);
                cachedOut.add(o);
                cached(List.of(o), hashes, progress, start);
            } else {
                toBuild.add(r);
            }
        }
        return toBuild;
    }

    private void buildAll(ImageStore store, List<ImageRecipe> toBuild, Map<String, String> hashes, DebianArchives machine,
            Set<String> fresh, ProgressSink progress, List<Outcome> outcomes) {
        if (toBuild.isEmpty()) {
            return;
        }
        ImageBuilder builder = new ImageBuilder(store, machine, r -> sourceDateEpoch(r.archives(machine), r.suite()), progress);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, toBuild.size()));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (ImageRecipe r : toBuild) {
                futures.add(pool.submit(() -> builder.build(r, hashes.get(r.name()), hostCaFor(r), fresh.contains(r.name()))));
            }
            List<String> failures = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof StackctlException se
                            ? se.getMessage() + (se.hint().isEmpty() ? "" : ". " + se.hint())
                            : e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackctlException(ExitCode.FAILURE, "interrupted while building images", "");
                }
            }
            if (!failures.isEmpty()) {
                throw new StackctlException(ExitCode.FAILURE, String.join("\n", failures),
                        "Fix the recipe or the network and rerun stackctl images build");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private final Map<String, Long> epochs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * SOURCE_DATE_EPOCH for a build from {@code archives}: the newest {@code Date} of the suite's
     * three Release files, so two builds from the same state of the archive get the same timestamps
     * (and the same root file system), whatever the clock says.
     */
    long sourceDateEpoch(DebianArchives archives, String suite) {
        String key = archives.main() + " " + archives.security() + " " + suite;
        return epochs.computeIfAbsent(key, k -> {
            try {
                return new dev.stackctl.apt.ArchiveIndex(new dev.stackctl.apt.ArchiveCache(cacheDir)).releases(archives, suite).stream()
                        .map(dev.stackctl.apt.ReleaseFile::date).max(java.time.Instant::compareTo).orElseThrow().getEpochSecond();
            } catch (dev.stackctl.apt.ArchiveCache.UnreachableException e) {
                throw new StackctlException(ExitCode.FAILURE, "cannot read the Release files of " + suite + ": " + e.getMessage(),
                        "Check the network, or pass --mirror URL (and --security-mirror URL) of a reachable Debian archive");
            }
        });
    }

    /**
     * Removes superseded stackctl images ({@link ImageBuildCommands#pruneSuperseded}) and says what it did
     * in one line ("removed 3 superseded stackctl images"); empty when there was nothing to remove. The
     * count comes from listing them before and after: the engine's "Total reclaimed space" says 0B when
     * the layers it removed were built by BuildKit. Best effort: a failure is reported in that line,
     * nothing else depends on it.
     */
    public static java.util.Optional<String> pruneSuperseded() {
        try (DockerEngine engine = DockerEngine.connect()) {
            ImageStore store = engine.images();
            List<String> before = store.untaggedWithLabel(ImageBuildCommands.RECIPE_LABEL);
            if (before.isEmpty()) {
                return java.util.Optional.empty();
            }
            store.pruneUntaggedWithLabel(ImageBuildCommands.RECIPE_LABEL);
            List<String> after = store.untaggedWithLabel(ImageBuildCommands.RECIPE_LABEL);
            long removed = before.stream().filter(id -> !after.contains(id)).count();
            return removed == 0 ? java.util.Optional.empty()
                    : java.util.Optional.of("removed " + removed + " superseded stackctl image" + (removed == 1 ? "" : "s")
                            + " (untagged by a rebuild, used by no container)");
        } catch (StackctlException e) {
            return java.util.Optional.of("could not remove superseded stackctl images: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.of("could not remove superseded stackctl images: " + e.getMessage());
        }
    }

    /** Fails with the Docker-unavailable exit code, in {@link DockerEngine}'s words, when no engine answers. */
    public static void requireEngine() {
        try (DockerEngine ignored = DockerEngine.connect()) {
            // connected and pinged
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void requireMmdebstrap() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mmdebstrap"))) {
                return;
            }
        }
        throw new StackctlException(ExitCode.DOCKER_UNAVAILABLE, "mmdebstrap is not installed, so base images cannot be built",
                "Install it: apt-get install mmdebstrap (or run sudo bin/setup)");
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
