package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Network;
import dev.stackctl.model.RawValue;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads any compose file into the typed model. Nothing throws for bad input: every value that cannot be
 * read becomes a {@link Problem} at its spec path, line and column, and is left out of the model, so all
 * problems of a file are reported in one run. The positions of all values are kept so that findings made
 * later, over the model, can be placed too ({@link Result#locate}).
 */
public final class ComposeReader {
    private ComposeReader() {}

    /**
     * The model read (null when the file is not a YAML mapping), the problems met while reading, and the
     * position of every spec path.
     */
    public record Result(Stack stack, List<Problem> problems, Map<String, Position> positions, Map<String, String> filePaths) {
        public Result {
            problems = List.copyOf(problems);
            positions = Map.copyOf(positions);
            filePaths = Map.copyOf(filePaths);
        }

        /** The path as written in the file for a path of the model (the same unless list items were left out). */
        public String filePath(String modelPath) {
            for (Map.Entry<String, String> e : filePaths.entrySet()) {
                String k = e.getKey();
                if (modelPath.equals(k) || modelPath.startsWith(k + ".") || modelPath.startsWith(k + "[")) {
                    return e.getValue() + modelPath.substring(k.length());
                }
            }
            return modelPath;
        }

        /** Where a path was written: the path itself, else its closest written parent, else the file's start. */
        public Position locate(String path) {
            String p = path;
            while (p != null && !p.isEmpty()) {
                Position at = positions.get(p);
                if (at != null) {
                    return at;
                }
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut <= 0 ? null : p.substring(0, cut);
            }
            return Position.START;
        }
    }

    /** One file's text on its own: extends within it resolved, no profile active, nothing else read. */
    public static Result read(String yaml) {
        try {
            return ProjectLoader.fromText(yaml, ProjectLoader.Options.none()).read();
        } catch (RuntimeException | StackOverflowError failure) {
            return new Result(null, List.of(Problem.internal("(file)", Position.START, failure)), Map.of(), Map.of());
        }
    }

    /**
     * The model of a resolved document ({@link ProjectLoader}); {@code inactive} names the services left
     * out with their profiles, so a dependency on one is reported as such.
     */
    static Result fromTree(Optional<YamlNode> root, List<Problem> loadProblems, Map<String, List<String>> inactive, Map<String, String> variables) {
        try {
            return readDocument(root, loadProblems, inactive, variables);
        } catch (RuntimeException | StackOverflowError failure) {
            List<Problem> problems = new ArrayList<>(loadProblems);
            problems.add(Problem.internal("(file)", Position.START, failure));
            return new Result(null, problems, Map.of(), Map.of());
        }
    }

    private static Result readDocument(Optional<YamlNode> root, List<Problem> loadProblems, Map<String, List<String>> inactive,
                                       Map<String, String> variables) {
        Map<String, Position> positions = new HashMap<>();
        root.ifPresent(r -> NodeMerge.positions(r, positions));
        List<Problem> problems = new ArrayList<>(loadProblems);
        if (root.isPresent() && !(root.get() instanceof Mapping)) {
            problems.add(new Problem("(file)", root.get().at(), Problem.YAML_SYNTAX, false, "a compose file must be a mapping with a 'services' key"));
        } else if (root.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("(file)", Position.START, Problem.YAML_SYNTAX, false, "a compose file must be a mapping with a 'services' key"));
        }
        if (!(root.orElse(null) instanceof Mapping doc)) {
            return new Result(null, problems, positions, Map.of());
        }
        NodeReader r = new NodeReader(positions, inactive, variables);
        Stack stack = document(doc, r, variables);
        problems.addAll(r.problems());
        return new Result(stack, problems, positions, r.filePaths());
    }

    private static Stack document(Mapping root, NodeReader r, Map<String, String> variables) {
        if (root.has("version")) {
            r.warning(root.get("version"), Problem.OBSOLETE_VERSION, "the top-level 'version' key is obsolete and ignored by Compose v2; remove it");
        }
        String name = root.present("name") == null ? null : projectName(root.get("name"), r, variables);
        List<Service> services = new ArrayList<>();
        Mapping svcMap = r.mapping(root.get("services"));
        if ((svcMap == null || svcMap.entries().isEmpty()) && root.present("include") == null) {
            YamlNode at = root.get("services") == null ? root : root.get("services");
            r.error("services", at, "no services defined; add a 'services' mapping");
        } else if (svcMap != null) {
            ServiceReader reader = new ServiceReader(r);
            for (Map.Entry<String, YamlNode> e : svcMap.entries().entrySet()) {
                try {
                    Service s = reader.read(e.getKey(), e.getValue());
                    if (s != null) services.add(s);
                } catch (RuntimeException | StackOverflowError failure) {
                    r.problem(Problem.internal(e.getValue().path(), e.getValue().at(), failure));
                }
            }
        }
        UnmodelledKeys unmodelled = new UnmodelledKeys(r);
        List<Network> networks = new ArrayList<>();
        forEachDefinition(r, root.get("networks"), (key, def, node) -> {
            String driver = def == null ? null : r.optText(def.get("driver"));
            boolean external = def != null && def.present("external") != null && Boolean.TRUE.equals(r.bool(def.get("external")));
            String engineName = def == null ? null : r.optText(def.get("name"));
            Map<String, RawValue> rest = def == null ? Map.of() : unmodelled.definition(def, UnmodelledKeys.NETWORK, KeyCheck.NETWORK, "network '" + key + "'");
            Network n = r.attempt(node, () -> new Network(key, driver, external, engineName, rest));
            if (n != null) networks.add(n);
        });
        List<Volume> volumes = new ArrayList<>();
        forEachDefinition(r, root.get("volumes"), (key, def, node) -> {
            String driver = def == null ? null : r.optText(def.get("driver"));
            boolean external = def != null && def.present("external") != null && Boolean.TRUE.equals(r.bool(def.get("external")));
            String engineName = def == null ? null : r.optText(def.get("name"));
            Map<String, RawValue> rest = def == null ? Map.of() : unmodelled.definition(def, UnmodelledKeys.VOLUME, KeyCheck.VOLUME, "volume '" + key + "'");
            Volume v = r.attempt(node, () -> new Volume(key, driver, external, engineName, rest));
            if (v != null) volumes.add(v);
        });
        FileObjectReader files = new FileObjectReader(r);
        List<FileObject> secrets = files.definitions(root.get("secrets"), KeyCheck.SECRET, "secret");
        List<FileObject> configs = files.definitions(root.get("configs"), KeyCheck.CONFIG, "config");
        Map<String, RawValue> extensions = unmodelled.document(root);
        String projectName = name;
        return r.attempt("(file)", root, () -> new Stack(projectName, services, networks, volumes, secrets, configs, extensions));
    }

    /**
     * The project name as compose makes it from {@code name:}: variables resolved ({@code ${PROJECT:-demo}};
     * an unset one without default is blank), then lower-cased, characters other than letters, digits, '-'
     * and '_' dropped, and leading '-' and '_' removed ({@code My App} is {@code myapp}). Empty is an error,
     * as in compose; null when it cannot be known (reported).
     */
    private static String projectName(YamlNode node, NodeReader r, Map<String, String> variables) {
        String text = r.text(node);
        if (text == null) {
            return null;
        }
        Interpolated value = r.attempt(node, () -> Interpolated.parse(text));
        if (value == null) {
            return null;
        }
        Map<String, String> env = new HashMap<>(variables);
        for (Interpolated.Ref ref : value.references()) {
            if (!ref.required()) env.putIfAbsent(ref.name(), ""); // compose warns and uses a blank
        }
        Optional<String> resolved = value.resolve(env);
        if (resolved.isEmpty()) {
            r.error(node, "the project name '" + text + "' needs a variable that is not set (compose stops on it); set it in .env or the environment");
            return null;
        }
        String normalized = resolved.get().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceFirst("^[_-]+", "");
        if (normalized.isEmpty()) {
            r.error(node, "the project name '" + text + "' is " + (resolved.get().isEmpty() ? "empty" : "'" + resolved.get() + "'")
                    + (text.contains("$") ? " once its variables are resolved" : "") + ", and compose rejects an empty name (it keeps only lower-case "
                    + "letters, digits, '-' and '_'); give it a value, e.g. name: demo");
            return null;
        }
        return r.attempt(node, () -> new Network(normalized, null).name()); // a resource name's rules
    }

    private interface Definition {
        void accept(String key, Mapping definition, YamlNode node);
    }

    /** Top-level networks or volumes: each key with a mapping or nothing as its value. */
    private static void forEachDefinition(NodeReader r, YamlNode node, Definition each) {
        Mapping all = r.mapping(node);
        if (all == null) {
            return;
        }
        for (Map.Entry<String, YamlNode> e : all.entries().entrySet()) {
            YamlNode v = e.getValue();
            if (v instanceof YamlNode.Scalar s && s.isNull()) {
                each.accept(e.getKey(), null, v);
            } else {
                Mapping def = r.mapping(v);
                if (def != null) each.accept(e.getKey(), def, v);
            }
        }
    }
}
