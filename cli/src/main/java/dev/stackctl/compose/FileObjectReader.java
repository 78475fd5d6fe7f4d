package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads secrets and configs: the top-level definitions and a service's references to them. */
final class FileObjectReader {
    private final NodeReader r;

    FileObjectReader(NodeReader r) {
        this.r = r;
    }

    /** {@code secrets:} or {@code configs:} at the top level; {@code known} are the keys the specification has for them. */
    List<FileObject> definitions(YamlNode node, java.util.Set<String> known, String what) {
        List<FileObject> out = new ArrayList<>();
        Mapping all = r.mapping(node);
        if (all == null) {
            return out;
        }
        for (Map.Entry<String, YamlNode> e : all.entries().entrySet()) {
            YamlNode value = e.getValue();
            Mapping def = value instanceof YamlNode.Scalar s && s.isNull() ? null : r.mapping(value);
            if (def == null && !(value instanceof YamlNode.Scalar s2 && s2.isNull())) {
                continue; // not a mapping: reported
            }
            String file = def == null ? null : r.optText(def.get("file"));
            Boolean external = def == null || def.present("external") == null ? Boolean.FALSE : r.bool(def.get("external"));
            String name = def == null ? null : r.optText(def.get("name"));
            String environment = def == null ? null : r.optText(def.get("environment"));
            String content = def == null ? null : r.optText(def.get("content"));
            if (external == null) continue;
            Map<String, dev.stackctl.model.RawValue> rest = def == null ? Map.of()
                    : new UnmodelledKeys(r).definition(def, UnmodelledKeys.FILE_OBJECT, known, what + " '" + e.getKey() + "'");
            FileObject f = r.attempt(value, () -> new FileObject(e.getKey(), file, external, name, environment, content, rest));
            if (f != null) out.add(f);
        }
        return out;
    }

    /** A service's {@code secrets:} or {@code configs:} list. */
    List<FileReference> references(YamlNode node) {
        List<FileReference> out = new ArrayList<>();
        for (YamlNode item : r.items(node)) {
            FileReference f;
            if (item instanceof Mapping m) {
                String source = m.present("source") == null ? null : r.text(m.get("source"));
                if (m.present("source") == null) {
                    r.error(m, "needs 'source', the name of a top-level secret or config");
                    continue;
                }
                String target = r.optText(m.get("target"));
                String uid = r.optText(m.get("uid"));
                String gid = r.optText(m.get("gid"));
                Integer mode = m.present("mode") == null ? null : r.fileMode(m.get("mode"));
                if (source == null) continue;
                f = r.attempt(item, () -> new FileReference(source, target, uid, gid, mode));
            } else {
                String source = r.text(item);
                f = source == null ? null : r.attempt(item, () -> FileReference.of(source));
            }
            if (f != null) out.add(f);
        }
        return out;
    }
}
