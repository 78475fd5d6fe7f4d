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
            for (YamlNode p : paths) {
                if (!(p instanceof Scalar ps) || ps.isNull()) continue;
                Path target = loader.resolve(file.getParent(), ps.text(), ps);
                if (target == null) continue;
                if (chain.contains(target)) {
                    loader.problems().add(Problem.error(p, "include of " + ps.text() + " forms a cycle; remove one include"));
                    continue;
                }
                Mapping one = loader.files().document(target, p);
                if (one == null) continue;
                List<Path> deeper = new ArrayList<>(chain);
                deeper.add(target);
                one = new Extends(loader.files(), loader.problems()).resolve(apply(one, target, deeper), target);
                if (includedDir == null) includedDir = target.getParent();
                one = Rebase.document(one, target.getParent(), includedDir);
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
}
