package dev.stackctl.apt;

import dev.stackctl.engine.DebianArchives;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tukaani.xz.XZInputStream;

/**
 * What the archives offer: for each of a suite's sources (suite, -updates, -security), the newest
 * version of every binary package for one architecture (and {@code all}). The Release files are
 * revalidated on every call; a Packages index is downloaded only when its SHA-256 in the Release
 * file changed, and kept reduced to {@code name:arch version} lines, so a warm call costs three
 * conditional requests and reading those lines.
 */
public final class ArchiveIndex {
    /** The index of one source. */
    public record SourceIndex(DebianArchives.Source source, Instant releaseDate, Map<String, String> newest,
            boolean offline, Instant fetchedAt, String problem) {}

    /** Every source of a suite; {@link #problems()} lists the sources that could not be read at all. */
    public record Snapshot(List<SourceIndex> sources, List<String> problems) {
        public boolean anyOffline() {
            return sources.stream().anyMatch(SourceIndex::offline);
        }

        public boolean complete() {
            return problems.isEmpty();
        }

        /** The newest release date of the sources: SOURCE_DATE_EPOCH of a build from them. */
        public Optional<Instant> newestReleaseDate() {
            return sources.stream().map(SourceIndex::releaseDate).max(Instant::compareTo);
        }

        /** The newest version of {@code name:arch} over every source, with the source that has it. */
        public Optional<Candidate> candidate(String nameArch) {
            Candidate best = null;
            for (SourceIndex s : sources) {
                String v = s.newest().get(nameArch);
                if (v != null && (best == null || DebianVersion.compare(v, best.version()) > 0)) {
                    best = new Candidate(v, s.source());
                }
            }
            return Optional.ofNullable(best);
        }
    }

    public record Candidate(String version, DebianArchives.Source from) {
        public boolean security() {
            return from.suite().endsWith("-security");
        }
    }

    private final ArchiveCache cache;

    public ArchiveIndex(ArchiveCache cache) {
        this.cache = cache;
    }

    /** Only the Release files (dates): what a build needs for SOURCE_DATE_EPOCH. */
    public List<ReleaseFile> releases(DebianArchives archives, String suite) throws ArchiveCache.UnreachableException {
        List<ReleaseFile> out = new ArrayList<>();
        for (DebianArchives.Source s : archives.sources(suite)) {
            ArchiveCache.Fetched f = cache.fetch(s.distsUrl() + "Release", false);
            if (f.offline()) {
                throw new ArchiveCache.UnreachableException(f.problem());
            }
            out.add(ReleaseFile.parse(f.text(), s.distsUrl() + "Release"));
        }
        return out;
    }

    /** Every source's newest versions; a source that cannot be read is listed in the problems, not thrown. */
    public Snapshot load(DebianArchives archives, String suite, String arch) {
        return load(archives, suite, arch, null);
    }

    /**
     * The same, keeping only the packages in {@code wanted} ({@code name:arch}; null for all). The
     * sources are read at the same time (three round trips cost one).
     */
    public Snapshot load(DebianArchives archives, String suite, String arch, java.util.Set<String> wanted) {
        List<DebianArchives.Source> sources = archives.sources(suite);
        List<java.util.concurrent.CompletableFuture<Object>> futures = new ArrayList<>();
        // one virtual thread per source: the common pool has a single thread on a 2-core machine, which read them one by one
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (DebianArchives.Source s : sources) {
                futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return load(s, arch, wanted);
                    } catch (ArchiveCache.UnreachableException | IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }, threads));
            }
        }
        List<SourceIndex> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var f : futures) {
            Object r = f.join();
            if (r instanceof SourceIndex si) {
                out.add(si);
            } else {
                problems.add(String.valueOf(r));
            }
        }
        return new Snapshot(out, problems);
    }

    private SourceIndex load(DebianArchives.Source s, String arch, java.util.Set<String> wanted) throws ArchiveCache.UnreachableException {
        ArchiveCache.Fetched rel = cache.fetch(s.distsUrl() + "Release", false);
        ReleaseFile release = ReleaseFile.parse(rel.text(), s.distsUrl() + "Release");
        String indexPath = s.component() + "/binary-" + arch + "/Packages.xz";
        ReleaseFile.Entry entry = release.entry(indexPath).orElseThrow(() -> new IllegalArgumentException(
                s.distsUrl() + "Release lists no " + indexPath + "; is " + arch + " built for " + s.suite() + "?"));
        Path reduced = cache.derived(entry.sha256() + "-" + arch + ".tsv");
        if (!Files.isRegularFile(reduced)) {
            if (rel.offline()) {
                throw new ArchiveCache.UnreachableException(rel.problem() + " (and " + indexPath + " of that Release is not cached)");
            }
            ArchiveCache.Fetched packages = cache.fetch(s.distsUrl() + indexPath, true);
            reduce(packages.path(), entry, arch, reduced, s.distsUrl() + indexPath);
            try {
                Files.deleteIfExists(packages.path()); // the reduced copy is all that is needed later
            } catch (IOException ignored) {
                // costs disk only
            }
        }
        return new SourceIndex(s, release.date(), select(reduced, wanted), rel.offline(), rel.fetchedAt(), rel.problem());
    }

    /**
     * The versions of the {@code wanted} packages in a reduced index (all of them when null). A selection is
     * kept beside the index, keyed by the index's and the set's hashes: the images' packages rarely change,
     * so a warm run reads a few hundred lines instead of the suite's 60,000-odd (a third of a warm
     * {@code images status} on a loaded machine). Both files only ever hold one content under their name.
     */
    static Map<String, String> select(Path reduced, java.util.Set<String> wanted) {
        if (wanted == null) {
            return read(reduced, null);
        }
        String name = reduced.getFileName().toString().replaceFirst("\\.tsv$", "");
        Path selection = reduced.resolveSibling(name + "-" + ArchiveCache.sha256(String.join("\n", new java.util.TreeSet<>(wanted))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16) + SELECTION);
        if (Files.isRegularFile(selection)) {
            return read(selection, wanted);
        }
        Map<String, String> m = read(reduced, wanted);
        StringBuilder sb = new StringBuilder(m.size() * 40);
        new java.util.TreeMap<>(m).forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        try {
            Path tmp = Files.createTempFile(selection.getParent(), "select-", ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, selection, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            pruneSelections(selection.getParent());
        } catch (IOException e) {
            // the cache is only a speed-up
        }
        return m;
    }

    private static final String SELECTION = ".sel";
    private static final java.time.Duration SELECTION_KEPT = java.time.Duration.ofDays(30);

    /** Selections not written for a month (a changed index or set of images makes new ones). */
    private static void pruneSelections(Path dir) {
        Instant before = Instant.now().minus(SELECTION_KEPT);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SELECTION)).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // next time
        }
    }

    /** Reads a Packages.xz, checks its SHA-256 against the Release file, and writes the newest version per name:arch. */
    static void reduce(Path xz, ReleaseFile.Entry expected, String arch, Path target, String where) {
        Map<String, String> newest = new HashMap<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = new DigestInputStream(Files.newInputStream(xz), sha);
                BufferedReader r = new BufferedReader(new InputStreamReader(new XZInputStream(raw), StandardCharsets.UTF_8), 1 << 16)) {
            String name = null;
            String version = null;
            String a = null;
            for (String line = r.readLine(); ; line = r.readLine()) {
                if (line == null || line.isEmpty()) {
                    if (name != null && version != null && a != null && (a.equals(arch) || a.equals("all"))) {
                        newest.merge(name + ":" + a, version, (x, y) -> DebianVersion.compare(x, y) >= 0 ? x : y);
                    }
                    name = version = a = null;
                    if (line == null) {
                        break;
                    }
                } else if (line.startsWith("Package: ")) {
                    name = line.substring(9).strip();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).strip();
                } else if (line.startsWith("Architecture: ")) {
                    a = line.substring(14).strip();
                }
            }
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read the index: " + e.getMessage());
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(expected.sha256())) {
            throw new IllegalArgumentException(where + ": SHA-256 " + got + " differs from the Release file's " + expected.sha256()
                    + " (a mirror in the middle of an update?); retry in a few minutes");
        }
        StringBuilder sb = new StringBuilder(newest.size() * 40);
        newest.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Path reduced, java.util.Set<String> wanted) {
        Map<String, String> m = new HashMap<>(wanted == null ? 1 << 17 : wanted.size() * 2);
        try (BufferedReader r = Files.newBufferedReader(reduced, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    String key = line.substring(0, sp);
                    if (wanted == null || wanted.contains(key)) {
                        m.put(key, line.substring(sp + 1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
