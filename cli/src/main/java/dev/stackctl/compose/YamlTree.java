package dev.stackctl.compose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text into {@link YamlNode}s with snakeyaml-engine's composer, which keeps the line and column
 * of every node. Aliases are expanded, merge keys ({@code <<: *base}) applied as YAML 1.1 defines them (keys
 * written in the mapping win, then earlier merged mappings), duplicate keys reported. Expansion is bounded:
 * an alias bomb or a self-referencing alias becomes a problem, never an endless walk.
 */
public final class YamlTree {
    /** More values than any real compose file has; an alias bomb reaches it quickly. */
    static final int MAX_NODES = 100_000;
    /** Larger than any compose file people write (the biggest public ones are a few hundred kB). */
    static final int MAX_CODE_POINTS = 512 * 1024;
    static final int MAX_DEPTH = 64;
    /** Compose itself accepts many aliases; the node budget above is what bounds their expansion. */
    private static final int MAX_ALIASES = 10_000;

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Position> positions = new HashMap<>();
    private final Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The file the text came from when it is not the one checked (see {@link Position#file()}), else null. */
    private final String file;
    private int nodes;

    /** The document's root (empty for an empty document or one that is not YAML) and what was wrong. */
    public record Parsed(Optional<YamlNode> root, List<Problem> problems, Map<String, Position> positions) {}

    private YamlTree(String file) {
        this.file = file;
    }

    public static Parsed parse(String text) {
        return parse(text, null);
    }

    /** Parses the text of another file than the one checked: every position names that file. */
    public static Parsed parse(String text, String file) {
        return new YamlTree(file).run(text);
    }

    private Parsed run(String text) {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(true).setCodePointLimit(MAX_CODE_POINTS).build();
        if (text.length() > MAX_CODE_POINTS) {
            return syntax(Position.START, "the file has " + text.length() + " characters, more than the " + MAX_CODE_POINTS
                    + " a compose file may have here; split it (docker compose -f a.yml -f b.yml)");
        }
        Optional<Node> node;
        try {
            Optional<Position> tooDeep = tooDeep(settings, text);
            if (tooDeep.isPresent()) {
                return syntax(tooDeep.get(), "values are nested more than " + MAX_DEPTH + " levels deep; a compose file needs far fewer");
            }
            node = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().map(YamlTree::position).orElse(Position.START);
            return syntax(at, "not valid YAML: " + e.getProblem() + oneLine(e.getContext()));
        } catch (YamlEngineException e) {
            return syntax(Position.START, "not valid YAML: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            return syntax(Position.START, "values are nested too deeply to be a compose file; flatten them");
        }
        if (node.isEmpty()) {
            return new Parsed(Optional.empty(), List.of(), Map.of());
        }
        try {
            long size = expandedSize(node.get(), new IdentityHashMap<>());
            if (size > MAX_NODES) {
                throw new TooLarge(Position.START, "the file expands to more than " + MAX_NODES + " values (aliases of aliases?); a compose file needs far fewer");
            }
            YamlNode root = convert(node.get(), "", 0);
            return new Parsed(Optional.of(root), List.copyOf(problems), Map.copyOf(positions));
        } catch (TooLarge e) {
            return syntax(e.at, e.getMessage());
        }
    }

    /** The composer recurses once per level; its events (which do not) are checked first, so no input can overflow the stack. */
    private static Optional<Position> tooDeep(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            Event.ID id = e.getEventId();
            if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
                if (++depth > MAX_DEPTH) {
                    return Optional.of(e.getStartMark().map(YamlTree::position).orElse(Position.START));
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            }
        }
        return Optional.empty();
    }

    private Parsed syntax(Position at, String message) {
        Position where = file == null ? at : at.in(file);
        return new Parsed(Optional.empty(), List.of(new Problem("(file)", where, Problem.YAML_SYNTAX, false, message)), Map.of());
    }

    private static String oneLine(String s) {
        return s == null ? "" : " " + s.replace('\n', ' ').strip();
    }

    /**
     * How many values the node stands for once every alias is expanded, computed once per distinct node, so
     * an alias bomb is measured in microseconds and never expanded. A node that contains itself is reported.
     */
    private static final long MEASURING = -1;

    private long expandedSize(Node node, Map<Node, Long> known) {
        Long k = known.get(node);
        if (k != null && k == MEASURING) {
            throw new TooLarge(at(node.getStartMark()),
                    "an alias refers to a value that contains it; YAML values must not contain themselves");
        }
        if (k != null) {
            return k;
        }
        known.put(node, MEASURING);
        long size = 1;
        if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) size = Math.min(size + expandedSize(item, known), MAX_NODES + 1L);
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) size = Math.min(size + expandedSize(t.getKeyNode(), known) + expandedSize(t.getValueNode(), known), MAX_NODES + 1L);
        }
        known.put(node, size);
        return size;
    }

    private Position at(Optional<Mark> mark) {
        Position p = mark.map(YamlTree::position).orElse(Position.START);
        return file == null ? p : p.in(file);
    }

    private YamlNode convert(Node node, String path, int depth) {
        Position at = at(node.getStartMark());
        if (++nodes > MAX_NODES) {
            throw new TooLarge(at, "the file expands to more than " + MAX_NODES + " values (aliases of aliases?); a compose file needs far fewer");
        }
        if (depth > MAX_DEPTH || !onPath.add(node)) {
            throw new TooLarge(at, depth > MAX_DEPTH ? "values are nested more than " + MAX_DEPTH + " levels deep"
                    : "an alias refers to a value that contains it; YAML values must not contain themselves");
        }
        try {
            positions.putIfAbsent(path.isEmpty() ? "(file)" : path, at);
            String tag = customTag(node.getTag());
            return switch (node) {
                case ScalarNode s -> new YamlNode.Scalar(path, at, tag, s.getValue(), kind(s));
                case SequenceNode s -> {
                    List<YamlNode> items = new ArrayList<>();
                    for (Node item : s.getValue()) {
                        items.add(convert(item, path + "[" + items.size() + "]", depth + 1));
                    }
                    yield new YamlNode.Sequence(path, at, tag, items);
                }
                case MappingNode m -> {
                    Map<String, Position> keys = new HashMap<>();
                    yield new YamlNode.Mapping(path, at, tag, entries(m, path, depth, keys), keys);
                }
                default -> throw new IllegalStateException("unknown YAML node " + node.getNodeType());
            };
        } finally {
            onPath.remove(node);
        }
    }

    private Map<String, YamlNode> entries(MappingNode m, String path, int depth, Map<String, Position> keys) {
        Map<String, YamlNode> own = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                Position at = at(keyNode.getStartMark());
                problems.add(new Problem(path.isEmpty() ? "(file)" : path, at, Problem.YAML_SYNTAX, false,
                        "a key must be a plain value, not a list or a mapping"));
                continue;
            }
            if (isMerge(key)) {
                merged.add(t.getValueNode());
                continue;
            }
            // !reset and !override stay on their values: merging files and extends applies them (NodeMerge)
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            if (own.containsKey(key.getValue())) {
                problems.add(new Problem(childPath, at(key.getStartMark()), Problem.YAML_SYNTAX, false,
                        "duplicate key '" + key.getValue() + "'; keep only one"));
            }
            own.put(key.getValue(), convert(t.getValueNode(), childPath, depth + 1));
            keys.put(key.getValue(), at(key.getStartMark()));
        }
        if (merged.isEmpty()) {
            return own;
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (Node source : merged) {
            List<Node> maps = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
            for (Node one : maps) {
                if (!(one instanceof MappingNode mm)) {
                    Position at = at(one.getStartMark());
                    problems.add(new Problem(path.isEmpty() ? "(file)" : path + ".<<", at, Problem.YAML_SYNTAX, false,
                            "a merge key (<<) takes a mapping or a list of mappings, e.g. <<: *defaults"));
                    continue;
                }
                Map<String, Position> mergedKeys = new HashMap<>();
                for (Map.Entry<String, YamlNode> e : entries(mm, path, depth, mergedKeys).entrySet()) {
                    if (!own.containsKey(e.getKey()) && !out.containsKey(e.getKey())) {
                        out.put(e.getKey(), e.getValue());
                        keys.put(e.getKey(), mergedKeys.get(e.getKey()));
                    }
                }
            }
        }
        // Keys written in the mapping come first, as a reader sees them, then the merged ones.
        Map<String, YamlNode> result = new LinkedHashMap<>(own);
        out.forEach(result::putIfAbsent);
        return result;
    }

    private static boolean isMerge(ScalarNode key) {
        return "<<".equals(key.getValue()) && (key.isPlain() || Tag.MERGE.equals(key.getTag()));
    }

    private static YamlNode.Scalar.Kind kind(ScalarNode s) {
        Tag t = s.getTag();
        if (Tag.NULL.equals(t)) return YamlNode.Scalar.Kind.NULL;
        if (Tag.BOOL.equals(t)) return YamlNode.Scalar.Kind.BOOL;
        if (Tag.INT.equals(t)) return YamlNode.Scalar.Kind.INT;
        if (Tag.FLOAT.equals(t)) return YamlNode.Scalar.Kind.FLOAT;
        return YamlNode.Scalar.Kind.STRING;
    }

    private static String customTag(Tag tag) {
        return tag == null || tag.getValue().startsWith(Tag.PREFIX) ? null : tag.getValue();
    }

    static Position position(Mark m) {
        return m == null ? Position.START : new Position(m.getLine() + 1, m.getColumn() + 1);
    }

    /** Thrown out of the walk when the file is too big or deep to be a compose file; becomes one problem. */
    private static final class TooLarge extends RuntimeException {
        private final transient Position at;

        TooLarge(Position at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }
}
