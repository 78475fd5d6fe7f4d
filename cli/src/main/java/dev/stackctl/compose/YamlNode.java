package dev.stackctl.compose;

import java.util.List;
import java.util.Map;

/**
 * A YAML value as read from a compose file, after anchors, aliases and merge keys were resolved: a
 * scalar, a sequence or a mapping. Every node knows its spec path ({@code services.db.ports[0]}) and
 * where it starts in the file, so that whatever is wrong with it can be reported at that place.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {
    String path();

    Position at();

    /** The node's explicit tag when it is not a standard one (e.g. {@code !reset}), else null. */
    String tag();

    /**
     * A scalar: its text as written, and whether YAML reads it as null ({@code ~}, {@code null}, nothing).
     *
     * @param kind what YAML's core schema resolves the plain text to
     */
    record Scalar(String path, Position at, String tag, String text, Kind kind) implements YamlNode {
        /** What an unquoted scalar means in YAML 1.2's core schema; quoted scalars are always strings. */
        public enum Kind { STRING, INT, FLOAT, BOOL, NULL }

        public boolean isNull() {
            return kind == Kind.NULL;
        }
    }

    record Sequence(String path, Position at, String tag, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A mapping with string keys in file order (merge keys already applied). */
    /** @param keys where each key was written (the key, not its value), for the keys that came from a file */
    record Mapping(String path, Position at, String tag, Map<String, YamlNode> entries, Map<String, Position> keys) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
            keys = keys == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(keys));
        }

        public Mapping(String path, Position at, String tag, Map<String, YamlNode> entries) {
            this(path, at, tag, entries, Map.of());
        }

        /** The same mapping (path, place, tag, key places) with other entries. */
        public Mapping with(Map<String, YamlNode> other) {
            return new Mapping(path, at, tag, other, keys);
        }

        /** Where the key was written; its value's place when that is not known. */
        public Position keyAt(String key) {
            Position p = keys.get(key);
            return p != null ? p : entries.containsKey(key) ? entries.get(key).at() : at;
        }

        public YamlNode get(String key) {
            return entries.get(key);
        }

        /** The value at key, treating an explicit null like an absent key. */
        public YamlNode present(String key) {
            YamlNode n = entries.get(key);
            return n instanceof Scalar s && s.isNull() ? null : n;
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }
    }

    /** How the node is named in messages: "a list", "a mapping" or the scalar in quotes. */
    static String describe(YamlNode node) {
        return switch (node) {
            case Sequence s -> "a list";
            case Mapping m -> "a mapping";
            case Scalar s -> s.isNull() ? "nothing (null)" : "'" + s.text() + "'";
        };
    }
}
