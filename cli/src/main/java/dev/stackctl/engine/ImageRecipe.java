package dev.stackctl.engine;

import dev.stackctl.text.TemplateRenderer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One base image's recipe, read from {@code templates/images/<name>/} and rendered.
 *
 * <ul>
 *   <li>{@code recipe.properties}: {@code tag}, {@code suite} (Debian release), {@code variant}
 *       (mmdebstrap variant);
 *   <li>{@code packages}: Debian packages, one a line, {@code #} comments;
 *   <li>{@code rootfs-customize.sh} (optional): run by mmdebstrap after the packages are installed,
 *       with the root file system's path as {@code $1};
 *   <li>everything else (the {@code Dockerfile}, entrypoints, configs) is the {@code docker build}
 *       context. The Dockerfile starts {@code FROM {{rootfs_image}}}.
 * </ul>
 *
 * <p>{@code recipe.properties} may pin the recipe to one archive: {@code archive=URL} (e.g. a
 * snapshot of the archive at one instant) and optionally {@code security-archive=URL} (default:
 * derived from {@code archive} by Debian's convention). A pinned recipe ignores {@code --mirror}
 * and the machine's apt configuration, and its URLs are part of its hash.
 *
 * @param files every file of the recipe directory, rendered, by relative path (sorted)
 * @param pinned the archives the recipe is pinned to, or null to use the machine's
 */
public record ImageRecipe(
        String name, String tag, String suite, String variant, List<String> packages, SortedMap<String, String> files,
        DebianArchives pinned) {

    public static final String PROPERTIES = "recipe.properties";
    public static final String PACKAGES = "packages";
    public static final String CUSTOMIZE = "rootfs-customize.sh";
    public static final String DOCKERFILE = "Dockerfile";
    /** The rootfs image a recipe's Dockerfile builds on: {@code {{rootfs_image}}}. */
    public static final String ROOTFS_PLACEHOLDER = "rootfs_image";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(/[a-z0-9-]+)?");
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]*");

    public ImageRecipe {
        packages = List.copyOf(packages);
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public ImageRecipe(String name, String tag, String suite, String variant, List<String> packages, SortedMap<String, String> files) {
        this(name, tag, suite, variant, packages, files, null);
    }

    /** The archives to build from: the pinned ones, else {@code machine}. */
    public DebianArchives archives(DebianArchives machine) {
        return pinned != null ? pinned : machine;
    }

    /** The tag the rootfs is imported as; constant per recipe so the rendered Dockerfile is stable. */
    public static String rootfsTag(String name) {
        return "stackctl/rootfs-" + name + ":build";
    }

    /**
     * The tag a built root file system is kept under, keyed by its {@link RecipeHash#rootfs} hash,
     * so a recipe whose Dockerfile changed skips mmdebstrap. Outside {@code stackctl/*} on purpose.
     */
    public static String rootfsCacheTag(String name, String rootfsHash) {
        return rootfsCacheRepository(name) + ":" + rootfsHash.substring(0, 16);
    }

    public static String rootfsCacheRepository(String name) {
        return "stackctl-rootfs/" + name;
    }

    /** Files that form the {@code docker build} context (all but the recipe metadata). */
    public SortedMap<String, String> contextFiles() {
        SortedMap<String, String> ctx = new TreeMap<>(files);
        ctx.remove(PROPERTIES);
        ctx.remove(PACKAGES);
        ctx.remove(CUSTOMIZE);
        return ctx;
    }

    public boolean hasCustomizeScript() {
        return files.containsKey(CUSTOMIZE);
    }

    /** Reads and renders the recipe in {@code dir}; the directory's name is the recipe's name. */
    public static ImageRecipe load(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        String where = (dir.getParent() != null && dir.getParent().endsWith(BaseImages.CLUSTER_RECIPES) ? "templates/" + BaseImages.CLUSTER_RECIPES + "/" : "templates/images/") + name;
        if (!NAME.matcher(name).matches()) {
            throw new RecipeException(where + ": recipe directory names are lower-case letters, digits and '-'; rename it");
        }
        Map<String, String> values = Map.of(ROOTFS_PLACEHOLDER, rootfsTag(name), "image_name", name);
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                String text = Files.readString(p, StandardCharsets.UTF_8);
                try {
                    files.put(rel, TemplateRenderer.render(where + "/" + rel, text, values));
                } catch (TemplateRenderer.TemplateException e) {
                    throw new RecipeException(e.getMessage() + "; a recipe may use only {{rootfs_image}} and {{image_name}}");
                }
            }
        }
        for (String required : List.of(PROPERTIES, PACKAGES, DOCKERFILE)) {
            if (!files.containsKey(required)) {
                throw new RecipeException(where + ": missing file '" + required + "'; every recipe needs "
                        + PROPERTIES + ", " + PACKAGES + " and " + DOCKERFILE);
            }
        }
        Properties props = new Properties();
        props.load(new StringReader(files.get(PROPERTIES)));
        String tag = required(props, "tag", TAG, where, "e.g. tag=stackctl/redis:8.0");
        String suite = required(props, "suite", SUITE, where, "e.g. suite=trixie");
        String variant = required(props, "variant", SUITE, where, "e.g. variant=apt");
        List<String> packages = parsePackages(files.get(PACKAGES), where + "/" + PACKAGES);
        if (!files.get(DOCKERFILE).contains(rootfsTag(name))) {
            throw new RecipeException(where + "/" + DOCKERFILE + ": does not build on the imported rootfs; start it with FROM {{"
                    + ROOTFS_PLACEHOLDER + "}}");
        }
        DebianArchives pinned = null;
        String archive = props.getProperty("archive");
        if (archive != null && !archive.isBlank()) {
            try {
                pinned = DebianArchives.of(archive.strip(), blankToNull(props.getProperty("security-archive")));
            } catch (IllegalArgumentException e) {
                throw new RecipeException(where + "/" + PROPERTIES + ": archive: " + e.getMessage()
                        .replace("--security-mirror URL", "security-archive=URL").replace("--mirror", "archive"));
            }
        } else if (props.getProperty("security-archive") != null) {
            throw new RecipeException(where + "/" + PROPERTIES + ": security-archive is set without archive; pin both or neither");
        }
        return new ImageRecipe(name, tag, suite, variant, packages, files, pinned);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static List<String> parsePackages(String text, String where) {
        List<String> packages = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.lines().toList()) {
            lineNo++;
            String pkg = line.replaceFirst("#.*", "").strip();
            if (pkg.isEmpty()) {
                continue;
            }
            if (!PACKAGE.matcher(pkg).matches()) {
                throw new RecipeException(where + ":" + lineNo + ": '" + pkg + "' is not a Debian package name; write one name a line");
            }
            packages.add(pkg);
        }
        if (packages.isEmpty()) {
            throw new RecipeException(where + ": no packages listed; add at least one Debian package name");
        }
        return packages;
    }

    private static String required(Properties props, String key, Pattern shape, String where, String example) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new RecipeException(where + "/" + PROPERTIES + ": '" + key + "' is missing; add it (" + example + ")");
        }
        value = value.strip();
        if (!shape.matcher(value).matches()) {
            throw new RecipeException(where + "/" + PROPERTIES + ": " + key + "='" + value + "' is malformed (" + example + ")");
        }
        return value;
    }

    /** A recipe is malformed; the message names the file and the fix. */
    public static final class RecipeException extends RuntimeException {
        public RecipeException(String message) {
            super(message);
        }
    }
}
