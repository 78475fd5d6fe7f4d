package dev.stackctl.engine;

import dev.stackctl.apt.ArchiveCache;
import dev.stackctl.apt.ArchiveIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * How far each base image is behind the archives it is built from: every installed package (the
 * {@link ImageBuildCommands#DPKG_LABEL} record) compared with the newest version in the suite, its
 * updates and its security archive ({@link ArchiveIndex}, cached). An image is "behind" when any
 * package has a newer version; those whose newest version comes from the security archive are
 * security fixes.
 */
public final class ImageStatus {
    /** One package with a newer version in the archive. */
    public record Upgrade(String nameArch, String installed, String available, String suite, boolean security) {}

    /**
     * The state of one image.
     *
     * @param packages installed packages (0 when the image has no package record)
     * @param upgrades empty when current; null when unknown (no record or no archive index)
     * @param note why it is unknown, or empty
     */
    public record Entry(String name, String tag, boolean present, int packages, List<Upgrade> upgrades, String note) {
        public boolean known() {
            return upgrades != null;
        }

        public boolean behind() {
            return upgrades != null && !upgrades.isEmpty();
        }

        public long securityFixes() {
            return upgrades == null ? 0 : upgrades.stream().filter(Upgrade::security).count();
        }

        /** {@code current}, {@code behind}, {@code missing} or {@code unknown}. */
        public String state() {
            return !present ? "missing" : upgrades == null ? "unknown" : upgrades.isEmpty() ? "current" : "behind";
        }
    }

    /**
     * The whole report.
     *
     * @param archiveNote empty when every index was read fresh; otherwise what was unreachable and
     *     which cached copy (of when) was used instead
     */
    public record Report(List<Entry> entries, String archiveNote) {
        public List<Entry> behind() {
            return entries.stream().filter(Entry::behind).toList();
        }
    }

    private final BaseImages images;
    private final ArchiveCache cache;
    private final ArchiveIndex index;

    public ImageStatus(BaseImages images, ArchiveCache cache) {
        this.images = images;
        this.cache = cache;
        this.index = new ArchiveIndex(cache);
    }

    /** The state of the named images (all when empty) against {@code machine} (pinned recipes against their own archives). */
    public Report check(List<String> names, DebianArchives machine) {
        List<ImageRecipe> recipes = images.select(names);
        // the Release files are revalidated while the engine is asked for the images
        cache.prefetch(recipes.stream().flatMap(r -> r.archives(machine).sources(r.suite()).stream())
                .map(s -> s.distsUrl() + "Release").distinct().toList());
        Map<String, ImageStore.Info> found = inspect(recipes.stream().map(ImageRecipe::tag).toList());
        Map<String, ArchiveIndex.Snapshot> snapshots = new HashMap<>();
        Map<String, java.util.Set<String>> wanted = new HashMap<>();
        for (ImageRecipe r : recipes) {
            ImageStore.Info info = found.get(r.tag());
            if (info != null) {
                SortedMap<String, String> installed = ImageBuildCommands.parseDpkgLabel(info.labels().get(ImageBuildCommands.DPKG_LABEL));
                DebianArchives a = r.archives(machine);
                wanted.computeIfAbsent(a.main() + " " + a.security() + " " + r.suite() + " " + architectureOf(installed),
                        k -> new java.util.HashSet<>()).addAll(installed.keySet());
            }
        }
        List<String> notes = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (ImageRecipe r : recipes) {
            ImageStore.Info info = found.get(r.tag());
            if (info == null) {
                entries.add(new Entry(r.name(), r.tag(), false, 0, null, "not built: stackctl images build " + r.name()));
                continue;
            }
            SortedMap<String, String> installed = ImageBuildCommands.parseDpkgLabel(info.labels().get(ImageBuildCommands.DPKG_LABEL));
            if (installed.isEmpty()) {
                entries.add(new Entry(r.name(), r.tag(), true, 0, null,
                        "built without a package record (before it existed): stackctl images build --force " + r.name()));
                continue;
            }
            DebianArchives a = r.archives(machine);
            String arch = architectureOf(installed);
            String key = a.main() + " " + a.security() + " " + r.suite() + " " + arch;
            ArchiveIndex.Snapshot snap = snapshots.computeIfAbsent(key, k -> {
                ArchiveIndex.Snapshot s = index.load(a, r.suite(), arch, wanted.get(k));
                s.problems().forEach(p -> notes.add(p));
                s.sources().stream().filter(ArchiveIndex.SourceIndex::offline).forEach(src -> notes.add(src.problem()
                        + "; using the index cached at " + src.fetchedAt().toString().replaceFirst("\\.\\d+Z$", "Z")));
                return s;
            });
            if (!snap.complete()) {
                entries.add(new Entry(r.name(), r.tag(), true, installed.size(), null, "archive index unavailable"));
                continue;
            }
            List<Upgrade> upgrades = new ArrayList<>();
            for (Map.Entry<String, String> p : installed.entrySet()) {
                Optional<ArchiveIndex.Candidate> c = snap.candidate(p.getKey());
                if (c.isPresent() && dev.stackctl.apt.DebianVersion.compare(c.get().version(), p.getValue()) > 0) {
                    upgrades.add(new Upgrade(p.getKey(), p.getValue(), c.get().version(), c.get().from().suite(), c.get().security()));
                }
            }
            entries.add(new Entry(r.name(), r.tag(), true, installed.size(), List.copyOf(upgrades), ""));
        }
        return new Report(entries, String.join("; ", notes.stream().distinct().toList()));
    }

    /**
     * The images' labels, read over the engine's unix socket with the JDK ({@link EngineSocket}: a few ms,
     * where starting docker-java took most of a warm run's 1.9-2.6 s); through docker-java for a TCP engine.
     */
    static Map<String, ImageStore.Info> inspect(List<String> tags) {
        Optional<EngineSocket> socket = EngineSocket.available();
        if (socket.isPresent()) {
            return socket.get().inspectAll(tags);
        }
        try (DockerEngine engine = DockerEngine.connect()) {
            return engine.images().inspectAll(tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The architecture of the image's packages (the one that is not {@code all}). */
    static String architectureOf(SortedMap<String, String> installed) {
        return installed.keySet().stream().map(k -> k.substring(k.lastIndexOf(':') + 1)).filter(a -> !a.equals("all"))
                .findFirst().orElse("amd64");
    }

    /**
     * One line per base image (of {@code recipeNames}; those that are no recipe are ignored) that is
     * behind the archive, with the command that fixes it; one line saying so when the archive cannot
     * be reached. For {@code verify}: empty when there is nothing to say.
     */
    public static List<String> warnings(List<String> recipeNames) {
        if (recipeNames.isEmpty()) {
            return List.of();
        }
        return warnings(new BaseImages(dev.stackctl.model.ProjectLayout.locate()), new ArchiveCache(ArchiveCache.defaultDir()), recipeNames);
    }

    /** {@link #warnings(List)} for the recipes of {@code images}, with the archive indexes cached in {@code cache}. */
    static List<String> warnings(BaseImages images, ArchiveCache cache, List<String> recipeNames) {
        java.util.Set<String> known = new java.util.HashSet<>(images.recipes().stream().map(ImageRecipe::name).toList());
        List<String> names = recipeNames.stream().filter(known::contains).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Report report = new ImageStatus(images, cache).check(names, images.archives(null, null));
        List<String> lines = new ArrayList<>();
        if (!report.archiveNote().isEmpty()) {
            lines.add("the Debian archive did not answer (" + report.archiveNote() + "); base images not compared with it");
        }
        for (Entry e : report.behind()) {
            lines.add(e.tag() + " is behind the archive: " + e.upgrades().size() + " packages have newer versions, " + e.securityFixes()
                    + " of them security fixes. Fix: ./stackctl images build " + e.name() + " && ./stackctl up --airgap");
        }
        return lines;
    }
}
