package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import dev.stackctl.compose.YamlNode.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a file's top-level {@code include}: each entry (a path, or {@code path:} with one file or
 * several merged in order) is loaded as a project of its own (its includes and extends resolved, its
 * relative paths kept relative to its own directory) and its services, networks, volumes, secrets and
 * configs join the including file. A name defined on both sides is a conflict compose rejects.
 */
final class Include {
    private static final List<String> SECTIONS = List.of("services", "networks", "volumes", "secrets", "configs");

    private final ProjectLoader loader;

    Include(ProjectLoader loader) {
        this.loader = loader;
    }

    Mapping apply(Mapping doc, Path file) {
        return apply(doc, file, new ArrayList<>(List.of(file)));
    }

    private Mapping apply(Mapping doc, Path file, List<Path> chain) {
        YamlNode inc = doc.present("include");
        if (inc == null) {
            return doc;
        }
        List<YamlNode> entries = inc instanceof Sequence seq ? seq.items() : List.of(inc);
        Map<String, YamlNode> out = new LinkedHashMap<>(doc.entries());
        for (YamlNode entry : entries) {
            List<YamlNode> paths = new ArrayList<>();
            if (entry instanceof Scalar s && !s.isNull()) paths.add(s);
            else if (entry instanceof Mapping m && m.present("path") instanceof Sequence ps) paths.addAll(ps.items());
            else if (entry instanceof Mapping m && m.present("path") != null) paths.add(m.get("path"));
            else {
                loader.problems().add(Problem.error(entry, "an include entry is a path, or a mapping with path:; e.g. include: [db/compose.yml]"));
                continue;
            }
            Mapping included = null;
            Path includedDir = null;
            Path projectDir = null; // project_directory: what the included files' relative paths are relative to
            if (entry instanceof Mapping m && m.present("project_directory") instanceof Scalar pd && !pd.isNull()) {
                projectDir = loader.resolve(file.getParent(), pd.text(), pd);
            }
            boolean first = true;
            for (YamlNode p : paths) {
                if (!(p instanceof Scalar ps) || ps.isNull()) continue;
                Path target = loader.resolve(file.getParent(), ps.text(), ps);
                if (target == null) continue;
                if (first) {
                    variables(entry, file.getParent(), projectDir != null ? projectDir : target.getParent());
                    first = false;
                }
                if (chain.contains(target)) {
                    loader.problems().add(Problem.error(p, "include of " + ps.text() + " forms a cycle; remove one include"));
                    continue;
                }
                Mapping one = loader.files().document(target, p);
                if (one == null) continue;
                List<Path> deeper = new ArrayList<>(chain);
                deeper.add(target);
                one = new Extends(loader.files(), loader.problems()).resolve(apply(one, target, deeper), target);
                if (includedDir == null) includedDir = projectDir != null ? projectDir : target.getParent();
                one = Rebase.document(one, projectDir != null ? projectDir : target.getParent(), includedDir);
                included = included == null ? one : NodeMerge.documents(included, one);
            }
            if (included == null) continue;
            included = Rebase.document(included, includedDir, file.getParent());
            for (String section : SECTIONS) {
                if (!(included.get(section) instanceof Mapping theirs)) continue;
                Mapping ours = out.get(section) instanceof Mapping m ? m : null;
                Map<String, YamlNode> combined = new LinkedHashMap<>(ours == null ? Map.of() : ours.entries());
                theirs.entries().forEach((name, def) -> {
                    if (combined.containsKey(name)) {
                        YamlNode here = combined.get(name);
                        loader.problems().add(new Problem(here.path(), here.at(), Problem.INVALID_VALUE, false, section + "." + name
                                + " is also defined by the included " + (def.at().file() == null ? "file" : def.at().file())
                                + ", which compose rejects as a conflict; rename or remove one"));
                    } else {
                        combined.put(name, def);
                    }
                });
                Map<String, Position> keys = new java.util.HashMap<>(theirs.keys());
                if (ours != null) keys.putAll(ours.keys());
                out.put(section, new Mapping(section, ours == null ? theirs.at() : ours.at(), null, combined, keys));
            }
        }
        return doc.with(out);
    }

    /**
     * The variables an include entry adds, as compose reads them: its {@code env_file}s (relative to the
     * including file; one that does not exist stops compose), else the {@code .env} of its project
     * directory. They are defaults: a variable the project already has (its env files, the environment)
     * keeps its value. The project has one set of variables, so they apply to the whole project, not only
     * to the included files (a variable only the include defines is then also seen by the other files).
     */
    private void variables(YamlNode entry, Path dir, Path projectDir) {
        List<Path> envFiles = new ArrayList<>();
        YamlNode env = entry instanceof Mapping m ? m.present("env_file") : null;
        if (env != null) {
            for (YamlNode e : env instanceof Sequence seq ? seq.items() : List.of(env)) {
                if (!(e instanceof Scalar s) || s.isNull()) {
                    loader.problems().add(Problem.error(e, "an include's env_file is a path or a list of paths; e.g. env_file: db/db.env"));
                    continue;
                }
                Path f = loader.resolve(dir, s.text(), s);
                if (f == null) continue;
                if (!java.nio.file.Files.isRegularFile(f)) {
                    loader.problems().add(new Problem(s.path(), s.at(), ProjectLoader.MISSING_ENV_FILE, false, "env file '" + s.text()
                            + "' of this include does not exist (compose stops on it); create it or remove it from env_file"));
                    continue;
                }
                envFiles.add(f);
            }
        } else if (java.nio.file.Files.isRegularFile(projectDir.resolve(".env"))) {
            envFiles.add(projectDir.resolve(".env"));
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Path f : envFiles) {
            try {
                defaults.putAll(EnvFile.parse(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                loader.problems().add(Problem.error(env, "env file " + f + " cannot be read (" + e.getMessage() + "); check it"));
            }
        }
        defaults.forEach(loader::defaultVariable);
    }
}
