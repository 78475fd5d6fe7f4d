package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import dev.stackctl.compose.YamlNode.Sequence;
import dev.stackctl.model.Interpolated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a compose project as {@code docker compose -f a.yml -f b.yml --env-file e --profile p config}
 * sees it, so that the rules check the effective project: each file with its {@code include}s and
 * {@code extends} resolved, the files merged in order ({@link NodeMerge}), {@code !reset} and
 * {@code !override} applied, and the services of profiles that are not active left out. Variables come
 * from the env files ({@code .env} next to the first file when none is given) overridden by the
 * environment, as in Compose; they are not substituted into the model (the rules resolve them, and a
 * secret in {@code .env} must not look like a literal in the file), only into the paths of includes and
 * extends and into {@code COMPOSE_PROFILES}.
 */
public final class ProjectLoader {
    public static final String INACTIVE_DEPENDENCY = "inactive-dependency";
    public static final String MISSING_ENV_FILE = "missing-env-file";

    /** What {@code docker compose} takes besides the files: env files, profiles and the environment. */
    public record Options(List<Path> envFiles, List<String> profiles, Map<String, String> environment) {
        public Options {
            envFiles = List.copyOf(envFiles);
            profiles = List.copyOf(profiles);
            environment = Map.copyOf(environment);
        }

        public static Options none() {
            return new Options(List.of(), List.of(), Map.of());
        }
    }

    /**
     * The project as read: the model and its problems, the variables, the active profiles, and the text of
     * every file read (by the name positions use; the first file under "") for inline suppressions.
     */
    public record Project(ComposeReader.Result read, Map<String, String> variables, Set<String> activeProfiles, Map<String, String> texts) {}

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, String> variables;
    private final Files files = new Files();
    private Path first;

    private ProjectLoader(Map<String, String> variables) {
        this.variables = variables;
    }

    /** Text without a file: extends within it is resolved; includes and other files are not read. */
    public static Project fromText(String yaml, Options options) {
        ProjectLoader l = new ProjectLoader(new HashMap<>(options.environment()));
        l.texts.put("", yaml);
        YamlTree.Parsed parsed = YamlTree.parse(yaml);
        l.problems.addAll(parsed.problems());
        Optional<YamlNode> root = parsed.root().map(r -> r instanceof Mapping m ? l.prepare(m, null) : r);
        return l.finish(root, options);
    }

    /** The files merged in order; a file that cannot be read is a one-line IOException for the command. */
    public static Project load(List<Path> composeFiles, Options options) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        Path dir = composeFiles.get(0).toAbsolutePath().normalize().getParent();
        List<Path> envFiles = options.envFiles().isEmpty() && java.nio.file.Files.isRegularFile(dir.resolve(".env"))
                ? List.of(dir.resolve(".env")) : options.envFiles();
        for (Path env : envFiles) {
            vars.putAll(EnvFile.parse(java.nio.file.Files.readString(env, StandardCharsets.UTF_8)));
        }
        vars.putAll(options.environment());
        ProjectLoader l = new ProjectLoader(vars);
        l.first = composeFiles.get(0).toAbsolutePath().normalize();
        Optional<YamlNode> merged = Optional.empty();
        for (Path f : composeFiles) {
            Path abs = f.toAbsolutePath().normalize();
            String text = java.nio.file.Files.readString(abs, StandardCharsets.UTF_8);
            String label = abs.equals(l.first) ? null : l.label(abs);
            l.texts.put(label == null ? "" : label, text);
            YamlTree.Parsed parsed = YamlTree.parse(text, label);
            l.problems.addAll(parsed.problems());
            if (parsed.root().isEmpty()) continue;
            if (!(parsed.root().get() instanceof Mapping m)) {
                if (merged.isEmpty()) merged = parsed.root();
                continue;
            }
            Mapping doc = l.prepare(m, abs); // every -f file's paths are relative to the first file's directory, as in compose
            merged = Optional.of(merged.orElse(null) instanceof Mapping before ? NodeMerge.documents(before, doc) : doc);
        }
        return l.finish(merged, options);
    }

    /** One file's document with its includes and extends resolved (tags are applied once all files are merged). */
    private Mapping prepare(Mapping doc, Path file) {
        Mapping withIncludes = file == null ? doc : new Include(this).apply(doc, file);
        return new Extends(files, problems).resolve(withIncludes, file);
    }

    private Project finish(Optional<YamlNode> root, Options options) {
        Set<String> active = new LinkedHashSet<>(options.profiles());
        String fromEnv = variables.get("COMPOSE_PROFILES");
        if (fromEnv != null) {
            for (String p : fromEnv.split(",")) if (!p.isBlank()) active.add(p.strip());
        }
        Map<String, List<String>> inactive = new LinkedHashMap<>();
        Optional<YamlNode> resolved = root.map(NodeMerge::applyTags);
        resolved.ifPresent(r -> KeyCheck.check(r, problems));
        Optional<YamlNode> effective = resolved.map(r -> r instanceof Mapping m ? profiles(m, active, inactive) : r);
        if (first != null) {
            effective.ifPresent(r -> {
                if (r instanceof Mapping m) envFiles(m);
            });
        }
        ComposeReader.Result read = ComposeReader.fromTree(effective, problems, inactive, variables);
        return new Project(read, Map.copyOf(variables), Set.copyOf(active), Map.copyOf(texts));
    }

    /** The services whose profiles are not active are left out; which they were is kept for the reader. */
    private static Mapping profiles(Mapping doc, Set<String> active, Map<String, List<String>> inactive) {
        if (!(doc.get("services") instanceof Mapping services)) {
            return doc;
        }
        Map<String, YamlNode> kept = new LinkedHashMap<>();
        services.entries().forEach((name, def) -> {
            YamlNode p = def instanceof Mapping m ? m.present("profiles") : null;
            List<String> profiles = new ArrayList<>();
            if (p instanceof Scalar s) profiles.add(s.text());
            if (p instanceof Sequence seq) seq.items().forEach(i -> {
                if (i instanceof Scalar s && !s.isNull()) profiles.add(s.text());
            });
            if (profiles.isEmpty() || active.contains("*") || profiles.stream().anyMatch(active::contains)) {
                kept.put(name, def);
            } else {
                inactive.put(name, profiles);
            }
        });
        Map<String, YamlNode> entries = new LinkedHashMap<>(doc.entries());
        entries.put("services", services.with(kept));
        return doc.with(entries);
    }

    /** An env_file that does not exist (and is not marked required: false): compose stops on it. */
    private void envFiles(Mapping doc) {
        if (!(doc.get("services") instanceof Mapping services)) {
            return;
        }
        for (YamlNode def : services.entries().values()) {
            if (!(def instanceof Mapping m)) continue;
            YamlNode env = m.present("env_file");
            List<YamlNode> items = env instanceof Sequence seq ? seq.items() : env == null ? List.of() : List.of(env);
            for (YamlNode item : items) {
                YamlNode path = item instanceof Mapping im ? im.present("path") : item;
                boolean required = !(item instanceof Mapping im && im.present("required") instanceof Scalar r && "false".equalsIgnoreCase(r.text()));
                if (!(path instanceof Scalar s) || s.isNull() || !required) continue;
                String resolved = interpolate(s.text());
                Path where = resolve(first.getParent(), s.text(), s);
                if (where != null && !java.nio.file.Files.exists(where)) {
                    problems.add(new Problem(s.path(), s.at(), MISSING_ENV_FILE, false, "env file '" + resolved + "' does not exist (compose stops on it); create it, "
                            + "or write - path: " + s.text() + " with required: false"));
                }
            }
        }
    }

    /** A path written in a file, resolved against a directory; null (a problem at the value) when it cannot be a path. */
    Path resolve(Path dir, String written, YamlNode at) {
        try {
            return dir.resolve(interpolate(written)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(Problem.error(at, "'" + written + "' is not a usable path (" + e.getReason() + "); fix it"));
            return null;
        }
    }

    /** A variable's value unless the project has one already (an include's env file: compose's defaults). */
    void defaultVariable(String name, String value) {
        variables.putIfAbsent(name, value);
    }

    String interpolate(String text) {
        try {
            return Interpolated.parse(text).resolve(variables).orElse(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** How a file other than the first is named in findings: relative to the working directory when below it. */
    String label(Path abs) {
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    List<Problem> problems() {
        return problems;
    }

    Files files() {
        return files;
    }

    /** Files read on the way (extends bases, includes), each parsed once, its text kept for suppressions. */
    final class Files {
        private final Map<Path, Optional<Mapping>> parsed = new HashMap<>();

        Path resolve(Path dir, String written, YamlNode at) {
            return ProjectLoader.this.resolve(dir, written, at);
        }

        /** The file's document, or null (a problem at {@code from}) when it does not exist or is not a mapping. */
        Mapping document(Path file, YamlNode from) {
            return parsed.computeIfAbsent(file, f -> {
                String label = f.equals(first) ? null : label(f);
                String text;
                try {
                    text = java.nio.file.Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problems.add(Problem.error(from, "file '" + (from instanceof Scalar s ? s.text() : f) + "' cannot be read ("
                            + (e instanceof java.nio.file.NoSuchFileException ? "it does not exist" : e.getMessage()) + "); check the path"));
                    return Optional.empty();
                }
                texts.putIfAbsent(label == null ? "" : label, text);
                YamlTree.Parsed p = YamlTree.parse(text, label);
                problems.addAll(p.problems());
                if (p.root().isPresent() && !(p.root().get() instanceof Mapping)) {
                    problems.add(Problem.error(from, label + " is not a compose file (a mapping with 'services')"));
                }
                return p.root().filter(Mapping.class::isInstance).map(Mapping.class::cast);
            }).orElse(null);
        }
    }
}
