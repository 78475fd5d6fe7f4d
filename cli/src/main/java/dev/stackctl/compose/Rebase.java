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
 * Relative paths of a service or document taken from another directory (an {@code extends: {file: ...}}
 * base, an {@code include}d file), rewritten to be relative to the checked file's directory, as Compose
 * resolves them against the file that wrote them: build contexts, {@code env_file}s, bind-mount sources
 * and the {@code file} of secrets and configs.
 */
final class Rebase {
    private final Path from;
    private final Path to;

    private Rebase(Path from, Path to) {
        this.from = from;
        this.to = to;
    }

    static Mapping service(Mapping service, Path fromDir, Path toDir) {
        return fromDir.equals(toDir) ? service : new Rebase(fromDir, toDir).inService(service);
    }

    static Mapping document(Mapping doc, Path fromDir, Path toDir) {
        if (fromDir.equals(toDir)) {
            return doc;
        }
        Rebase r = new Rebase(fromDir, toDir);
        Map<String, YamlNode> out = new LinkedHashMap<>(doc.entries());
        if (doc.get("services") instanceof Mapping services) {
            Map<String, YamlNode> s = new LinkedHashMap<>();
            services.entries().forEach((k, v) -> s.put(k, v instanceof Mapping m ? r.inService(m) : v));
            out.put("services", services.with(s));
        }
        for (String section : List.of("secrets", "configs")) {
            if (doc.get(section) instanceof Mapping defs) {
                Map<String, YamlNode> s = new LinkedHashMap<>();
                defs.entries().forEach((k, v) -> s.put(k, v instanceof Mapping m ? r.key(m, "file") : v));
                out.put(section, defs.with(s));
            }
        }
        return doc.with(out);
    }

    private Mapping inService(Mapping s) {
        Map<String, YamlNode> out = new LinkedHashMap<>(s.entries());
        YamlNode build = s.get("build");
        if (build instanceof Scalar b) out.put("build", path(b));
        else if (build instanceof Mapping b) out.put("build", key(b, "context"));
        YamlNode env = s.get("env_file");
        if (env instanceof Scalar e) out.put("env_file", path(e));
        else if (env instanceof Sequence seq) out.put("env_file", items(seq, item -> item instanceof Mapping m ? key(m, "path") : item instanceof Scalar sc ? path(sc) : item));
        if (s.get("volumes") instanceof Sequence vols) {
            out.put("volumes", items(vols, this::mount));
        }
        return s.with(out);
    }

    private YamlNode mount(YamlNode item) {
        if (item instanceof Mapping m && m.get("type") instanceof Scalar t && "bind".equals(t.text())) {
            return key(m, "source");
        }
        if (item instanceof Scalar s && s.text() != null && (s.text().startsWith("./") || s.text().startsWith("../") || s.text().startsWith(".:"))) {
            int colon = s.text().indexOf(':');
            String source = colon < 0 ? s.text() : s.text().substring(0, colon);
            return new Scalar(s.path(), s.at(), s.tag(), rebased(source) + (colon < 0 ? "" : s.text().substring(colon)), s.kind());
        }
        return item;
    }

    private Sequence items(Sequence seq, java.util.function.UnaryOperator<YamlNode> each) {
        List<YamlNode> items = new ArrayList<>();
        for (YamlNode item : seq.items()) items.add(each.apply(item));
        return new Sequence(seq.path(), seq.at(), seq.tag(), items);
    }

    private Mapping key(Mapping m, String key) {
        if (!(m.get(key) instanceof Scalar s)) {
            return m;
        }
        Map<String, YamlNode> out = new LinkedHashMap<>(m.entries());
        out.put(key, path(s));
        return m.with(out);
    }

    private Scalar path(Scalar s) {
        return s.isNull() ? s : new Scalar(s.path(), s.at(), s.tag(), rebased(s.text()), s.kind());
    }

    private String rebased(String p) {
        if (p.isEmpty() || p.startsWith("/") || p.startsWith("~") || p.startsWith("$") || p.contains("://") || p.startsWith("git@")) {
            return p;
        }
        try {
            String r = to.relativize(from.resolve(p).normalize()).toString();
            return r.isEmpty() ? "." : r.startsWith("..") ? r : "./" + r;
        } catch (IllegalArgumentException e) {
            return p; // not a path (the reader or compose reports it) or on another root: left as written
        }
    }
}
