package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code extends} in one file's services: the base service (of the same file, or of
 * {@code extends.file}, itself resolved first) merged under the extending one by {@link NodeMerge}. A
 * missing base, a missing file or a cycle is a problem at the {@code extends} value, and the service is
 * left as written.
 */
final class Extends {
    private final ProjectLoader.Files files;
    private final List<Problem> problems;
    /** Resolved services per file and name, so a base used by several services is merged once. */
    private final Map<String, Mapping> done = new HashMap<>();

    Extends(ProjectLoader.Files files, List<Problem> problems) {
        this.files = files;
        this.problems = problems;
    }

    /** The document with every service's extends resolved; {@code file} is null for text that has no file. */
    Mapping resolve(Mapping doc, Path file) {
        if (!(doc.get("services") instanceof Mapping services)) {
            return doc;
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (String name : services.entries().keySet()) {
            YamlNode v = services.get(name);
            out.put(name, v instanceof Mapping ? service(services, name, file, new ArrayList<>()) : v);
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>(doc.entries());
        entries.put("services", services.with(out));
        return doc.with(entries);
    }

    private Mapping service(Mapping services, String name, Path file, List<String> chain) {
        Mapping node = (Mapping) services.get(name);
        YamlNode ext = node.present("extends");
        if (ext == null) {
            return node;
        }
        String key = file + "#" + name;
        Mapping known = done.get(key);
        if (known != null) {
            return known;
        }
        if (chain.contains(key)) {
            problems.add(new Problem(ext.path(), ext.at(), Problem.INVALID_VALUE, false, "extends forms a cycle ("
                    + String.join(" -> ", chain.stream().map(k -> k.substring(k.indexOf('#') + 1)).toList()) + " -> " + name + "); remove one extends"));
            return node;
        }
        chain.add(key);
        String baseName;
        YamlNode fileNode = null;
        if (ext instanceof Mapping m) {
            baseName = m.get("service") instanceof Scalar s && !s.isNull() ? s.text() : null;
            fileNode = m.present("file");
            if (baseName == null) {
                problems.add(Problem.error(ext, "extends needs 'service', the service to extend; e.g. extends: {service: base}"));
                return node;
            }
        } else if (ext instanceof Scalar s && !s.isNull()) {
            baseName = s.text();
        } else {
            problems.add(Problem.error(ext, "extends takes a service name or {service: NAME, file: FILE}"));
            return node;
        }
        Mapping base;
        if (fileNode == null) {
            if (!(services.get(baseName) instanceof Mapping)) {
                problems.add(Problem.error(ext, "extends service '" + baseName + "', which is not defined in this file; define it or add file: to extends"));
                return node;
            }
            base = service(services, baseName, file, chain);
        } else {
            if (file == null || !(fileNode instanceof Scalar f) || f.text() == null) {
                return node; // no file system to read it from (text checked on its own), or a bad value compose reports
            }
            Path other = files.resolve(file.getParent(), f.text(), f);
            Mapping otherDoc = other == null ? null : files.document(other, fileNode);
            if (otherDoc == null) {
                return node;
            }
            if (!(otherDoc.get("services") instanceof Mapping otherServices) || !(otherServices.get(baseName) instanceof Mapping)) {
                problems.add(Problem.error(ext, "extends service '" + baseName + "', which " + f.text() + " does not define; check the name"));
                return node;
            }
            base = Rebase.service(service(otherServices, baseName, other, chain), other.getParent(), file.getParent());
        }
        Map<String, YamlNode> own = new LinkedHashMap<>(node.entries());
        own.remove("extends");
        Mapping merged = NodeMerge.service(base, node.with(own), node.at());
        done.put(key, merged);
        return merged;
    }
}
