package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import dev.stackctl.compose.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges compose nodes as {@code docker compose -f a.yml -f b.yml} and {@code extends} do (the
 * specification's merge rules): mappings merge key by key, a later scalar replaces an earlier one;
 * {@code command}, {@code entrypoint} and {@code healthcheck.test} are replaced whole; the "list or
 * mapping" sections ({@code environment}, {@code labels}, build {@code args}, ...) and {@code depends_on}
 * and a service's {@code networks} merge as mappings whichever syntax each side uses; {@code volumes}
 * merge by container path, {@code secrets} and {@code configs} by source and target (the same pair merges
 * as a mapping), {@code ports} by what they publish whichever syntax wrote them, other lists are appended
 * without repeating a value. {@code !reset} on the later value removes the key, {@code !override}
 * replaces instead of merging. Every node keeps where it was written, so a finding points at the file
 * and line the effective value came from.
 */
final class NodeMerge {
    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");
    private static final Set<String> KEY_VALUE_SECTIONS = Set.of("environment", "labels", "args", "annotations", "sysctls", "extra_hosts",
            "driver_opts");
    private static final Set<String> BY_NAME = Set.of("depends_on", "networks");

    private NodeMerge() {}

    /** Two top-level documents: each service, network, volume, secret and config merged by its key. */
    static Mapping documents(Mapping base, Mapping later) {
        Map<String, YamlNode> out = new LinkedHashMap<>(base.entries());
        for (Map.Entry<String, YamlNode> e : later.entries().entrySet()) {
            String key = e.getKey();
            YamlNode b = out.get(key);
            YamlNode l = e.getValue();
            if (isReset(l)) {
                out.remove(key);
            } else if (b == null || isOverride(l)) {
                out.put(key, untagged(l));
            } else if (key.equals("services") && b instanceof Mapping bs && l instanceof Mapping ls) {
                Map<String, YamlNode> services = new LinkedHashMap<>(bs.entries());
                for (Map.Entry<String, YamlNode> s : ls.entries().entrySet()) {
                    YamlNode old = services.get(s.getKey());
                    if (isReset(s.getValue())) services.remove(s.getKey());
                    else services.put(s.getKey(), old instanceof Mapping om && s.getValue() instanceof Mapping nm ? service(om, nm, om.at())
                            : untagged(s.getValue()));
                }
                out.put(key, new Mapping(bs.path(), bs.at(), null, services, keys(bs, ls)));
            } else {
                out.put(key, value(key, b, l, b.at()));
            }
        }
        return new Mapping(base.path(), base.at(), null, out, keys(base, later));
    }

    /** Where the keys of a merge were written: the later file's place for a key both have. */
    private static Map<String, Position> keys(Mapping base, Mapping later) {
        Map<String, Position> out = new java.util.HashMap<>(base.keys());
        out.putAll(later.keys());
        return out;
    }

    /** A service over another: the later one's values win; the merged node is placed at {@code at}. */
    static Mapping service(Mapping base, Mapping later, Position at) {
        return (Mapping) value("", relocate(base, later.path()), later, at);
    }

    private static YamlNode value(String key, YamlNode base, YamlNode later, Position at) {
        if (isReset(later)) {
            return null;
        }
        if (isOverride(later) || REPLACED.contains(key)) {
            return untagged(later);
        }
        if (KEY_VALUE_SECTIONS.contains(key) || BY_NAME.contains(key) && !(base instanceof Scalar)) {
            Mapping b = asMapping(base, key);
            Mapping l = asMapping(later, key);
            if (b != null && l != null) {
                return mappings(b, l, at, false);
            }
        }
        if (key.equals("build") && (base instanceof Scalar || later instanceof Scalar)) {
            Mapping b = buildMapping(base);
            Mapping l = buildMapping(later);
            if (b != null && l != null) return mappings(b, l, at, true);
        }
        if (base instanceof Mapping b && later instanceof Mapping l) {
            return mappings(b, l, at, true);
        }
        if (base instanceof Sequence b && later instanceof Sequence l) {
            return sequences(key, b, l);
        }
        if (base instanceof Sequence b && later instanceof Scalar s && !s.isNull() && !REPLACED.contains(key)) {
            return sequences(key, b, new Sequence(s.path(), s.at(), null, List.of(s))); // dns: 8.8.8.8 adds to a list
        }
        return untagged(later);
    }

    private static Mapping mappings(Mapping base, Mapping later, Position at, boolean deep) {
        Map<String, YamlNode> out = new LinkedHashMap<>(base.entries());
        for (Map.Entry<String, YamlNode> e : later.entries().entrySet()) {
            YamlNode b = out.get(e.getKey());
            YamlNode merged = b == null || !deep ? (isReset(e.getValue()) ? null : untagged(e.getValue())) : value(e.getKey(), b, e.getValue(), b.at());
            if (merged == null) out.remove(e.getKey());
            else out.put(e.getKey(), merged);
        }
        return new Mapping(later.path(), at, null, out, keys(base, later));
    }

    private static Sequence sequences(String key, Sequence base, Sequence later) {
        Map<String, YamlNode> byIdentity = new LinkedHashMap<>();
        for (YamlNode n : base.items()) byIdentity.putIfAbsent(identity(key, n), n);
        for (YamlNode n : later.items()) {
            String id = identity(key, n);
            YamlNode before = byIdentity.get(id);
            if ((key.equals("secrets") || key.equals("configs")) && before != null && asReference(before) != null && asReference(n) != null) {
                byIdentity.put(id, mappings(asReference(before), asReference(n), n.at(), true)); // the same source and target: merged
            } else {
                byIdentity.put(id, untagged(n)); // a later mount of the same path replaces the earlier one, in its place
            }
        }
        List<YamlNode> items = new ArrayList<>();
        for (YamlNode n : byIdentity.values()) {
            items.add(relocate(n, later.path() + "[" + items.size() + "]"));
        }
        return new Sequence(later.path(), base.at(), null, items);
    }

    /** What makes two list items the same: the container path of a mount, the source of a secret, else the text. */
    private static String identity(String key, YamlNode n) {
        if (key.equals("volumes")) {
            if (n instanceof Mapping m && m.get("target") instanceof Scalar t) return "target " + t.text();
            if (n instanceof Scalar s && s.text() != null) {
                String[] parts = s.text().split(":");
                return "target " + (parts.length == 1 ? parts[0] : parts[1]);
            }
        }
        if ((key.equals("secrets") || key.equals("configs")) && n instanceof Mapping m && m.get("source") instanceof Scalar src) {
            return "source " + src.text() + " target " + (m.present("target") instanceof Scalar t ? t.text() : "");
        }
        if ((key.equals("secrets") || key.equals("configs")) && n instanceof Scalar s) {
            return "source " + s.text() + " target ";
        }
        if (key.equals("ports")) {
            String port = portIdentity(n);
            if (port != null) return port;
        }
        return describeDeep(n);
    }

    /**
     * A published port as compose compares them when merging: host IP, published port, container port,
     * protocol and mode, whichever syntax wrote it ({@code "8443:443"} is {@code {target: 443, published: "8443"}});
     * null for what is not a port (left to the reader to report) or a range (compared as written).
     */
    private static String portIdentity(YamlNode n) {
        if (n instanceof Mapping m) {
            if (!(m.get("target") instanceof Scalar t)) return null;
            return "port " + text(m, "host_ip", "") + "|" + text(m, "published", "") + "|" + t.text() + "|"
                    + text(m, "protocol", "tcp").toLowerCase(java.util.Locale.ROOT) + "|" + text(m, "mode", "ingress");
        }
        if (!(n instanceof Scalar s) || s.isNull() || s.text() == null || s.text().contains("-")) return null;
        String t = s.text();
        String protocol = "tcp";
        int slash = t.lastIndexOf('/');
        if (slash >= 0) {
            protocol = t.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            t = t.substring(0, slash);
        }
        int last = t.lastIndexOf(':');
        String target = t.substring(last + 1);
        String rest = last < 0 ? null : t.substring(0, last);
        String published = "";
        String hostIp = "";
        if (rest != null) {
            int colon = rest.lastIndexOf(':');
            published = rest.substring(colon + 1);
            hostIp = colon < 0 ? "" : rest.substring(0, colon).replaceAll("^\\[|]$", "");
        }
        return "port " + hostIp + "|" + published + "|" + target + "|" + protocol + "|ingress";
    }

    private static String text(Mapping m, String key, String otherwise) {
        return m.present(key) instanceof Scalar s && s.text() != null ? s.text() : otherwise;
    }

    private static String describeDeep(YamlNode n) {
        return switch (n) {
            case Scalar s -> "s:" + s.text();
            case Sequence s -> "l:" + s.items().stream().map(NodeMerge::describeDeep).toList();
            case Mapping m -> {
                StringBuilder sb = new StringBuilder("m:{");
                m.entries().forEach((k, v) -> sb.append(k).append('=').append(describeDeep(v)).append(','));
                yield sb.append('}').toString();
            }
        };
    }

    /** The "list or mapping" syntax as a mapping ({@code - KEY=VALUE}, {@code - host:ip}, {@code - service}). */
    private static Mapping asMapping(YamlNode n, String key) {
        if (n instanceof Mapping m) return m;
        if (!(n instanceof Sequence seq)) return null;
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (YamlNode item : seq.items()) {
            if (!(item instanceof Scalar s) || s.isNull()) return null; // not this syntax: left for the reader to report
            String t = s.text();
            if (BY_NAME.contains(key)) {
                out.put(t, new Scalar(n.path() + "." + t, s.at(), null, null, Scalar.Kind.NULL));
                continue;
            }
            int eq = key.equals("extra_hosts") && t.indexOf('=') < 0 ? t.indexOf(':') : t.indexOf('=');
            String k = eq < 0 ? t : t.substring(0, eq);
            out.put(k, eq < 0 ? new Scalar(n.path() + "." + k, s.at(), null, null, Scalar.Kind.NULL)
                    : new Scalar(n.path() + "." + k, s.at(), null, t.substring(eq + 1), Scalar.Kind.STRING));
        }
        return new Mapping(n.path(), n.at(), null, out);
    }

    /** A secret or config reference as a mapping ({@code - db} is {@code - source: db}); null for anything else. */
    private static Mapping asReference(YamlNode n) {
        if (n instanceof Mapping m) return m;
        if (n instanceof Scalar s && !s.isNull()) {
            return new Mapping(n.path(), n.at(), null, Map.of("source", new Scalar(n.path() + ".source", s.at(), null, s.text(), Scalar.Kind.STRING)));
        }
        return null;
    }

    private static Mapping buildMapping(YamlNode n) {
        if (n instanceof Mapping m) return m;
        if (n instanceof Scalar s && !s.isNull()) {
            return new Mapping(n.path(), n.at(), null, Map.of("context", new Scalar(n.path() + ".context", s.at(), null, s.text(), Scalar.Kind.STRING)));
        }
        return null;
    }

    static boolean isReset(YamlNode n) {
        return n != null && "!reset".equals(n.tag());
    }

    static boolean isOverride(YamlNode n) {
        return n != null && "!override".equals(n.tag());
    }

    private static YamlNode untagged(YamlNode n) {
        return isOverride(n) ? retag(n, null) : n;
    }

    private static YamlNode retag(YamlNode n, String tag) {
        return switch (n) {
            case Scalar s -> new Scalar(s.path(), s.at(), tag, s.text(), s.kind());
            case Sequence s -> new Sequence(s.path(), s.at(), tag, s.items());
            case Mapping m -> new Mapping(m.path(), m.at(), tag, m.entries(), m.keys());
        };
    }

    /**
     * Within one file, after all merging: a {@code !reset} value is removed (nothing earlier is left to
     * reset) and an {@code !override} one is its plain value.
     */
    static YamlNode applyTags(YamlNode n) {
        return switch (n) {
            case Scalar s -> untagged(s);
            case Sequence s -> {
                List<YamlNode> items = new ArrayList<>();
                boolean changed = isOverride(s);
                for (YamlNode item : s.items()) {
                    YamlNode t = applyTags(item);
                    changed |= t != item;
                    items.add(t);
                }
                yield changed ? new Sequence(s.path(), s.at(), isOverride(s) ? null : s.tag(), items) : s;
            }
            case Mapping m -> {
                Map<String, YamlNode> out = new LinkedHashMap<>();
                boolean changed = isOverride(m);
                for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                    YamlNode v = e.getValue();
                    YamlNode t = isReset(v) ? null : applyTags(v);
                    changed |= t != v;
                    if (t != null) out.put(e.getKey(), t);
                }
                yield changed ? new Mapping(m.path(), m.at(), isOverride(m) ? null : m.tag(), out, m.keys()) : m;
            }
        };
    }

    /** The same value under another spec path (a base service's values become the extending service's). */
    static YamlNode relocate(YamlNode n, String path) {
        if (n.path().equals(path)) {
            return n;
        }
        return switch (n) {
            case Scalar s -> new Scalar(path, s.at(), s.tag(), s.text(), s.kind());
            case Sequence s -> {
                List<YamlNode> items = new ArrayList<>();
                for (YamlNode item : s.items()) items.add(relocate(item, path + "[" + items.size() + "]"));
                yield new Sequence(path, s.at(), s.tag(), items);
            }
            case Mapping m -> {
                Map<String, YamlNode> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, relocate(v, path.isEmpty() ? k : path + "." + k)));
                yield new Mapping(path, m.at(), m.tag(), out, m.keys());
            }
        };
    }

    /** Every path of the tree and where it was written, for placing findings made over the model. */
    static void positions(YamlNode n, Map<String, Position> out) {
        out.putIfAbsent(n.path().isEmpty() ? "(file)" : n.path(), n.at());
        switch (n) {
            case Scalar s -> { }
            case Sequence s -> s.items().forEach(i -> positions(i, out));
            case Mapping m -> m.entries().forEach((k, v) -> {
                if (!(n.path().isEmpty() && k.startsWith("x-"))) positions(v, out); // extensions are read where their aliases are used
            });
        }
    }
}
