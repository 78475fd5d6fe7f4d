package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.compose.YamlNode.Scalar;
import dev.stackctl.compose.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Typed access to {@link YamlNode}s that never throws for bad input: a value of the wrong shape is recorded
 * as a problem at its path and position, and the accessor returns null (or an empty list), so a section
 * reader goes on and reports every problem of a file in one run.
 */
final class NodeReader {
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Position> positions;
    private final Map<String, String> filePaths = new java.util.HashMap<>();

    private final Map<String, List<String>> inactive;
    private final Map<String, String> variables;

    NodeReader(Map<String, Position> positions, Map<String, List<String>> inactive, Map<String, String> variables) {
        this.positions = positions;
        this.inactive = inactive;
        this.variables = variables;
    }

    /** The project's variables (env files, environment): where the reader must know what a value becomes, e.g. a mount's source. */
    Map<String, String> variables() {
        return variables;
    }

    /** The profiles of a service left out because none of them is active, or null for any other name. */
    List<String> inactiveProfiles(String service) {
        return inactive.get(service);
    }

    /** Model paths that differ from where the value was written (an earlier list item was left out). */
    Map<String, String> filePaths() {
        return filePaths;
    }

    void modelIndex(YamlNode list, int modelIndex, YamlNode item) {
        String modelPath = list.path() + "[" + modelIndex + "]";
        if (!modelPath.equals(item.path())) {
            filePaths.put(modelPath, item.path());
        }
    }

    List<Problem> problems() {
        return problems;
    }

    void problem(Problem p) {
        problems.add(p);
    }

    void error(YamlNode at, String message) {
        problems.add(Problem.error(at, message));
    }

    void error(String path, YamlNode at, String message) {
        problems.add(new Problem(path, at.at(), Problem.INVALID_VALUE, false, message));
    }

    void warning(YamlNode at, String ruleId, String message) {
        problems.add(new Problem(at.path(), at.at(), ruleId, true, message));
    }

    /** Runs a model constructor; the local rule it enforces (IllegalArgumentException) becomes a problem at the node. */
    <T> T attempt(YamlNode at, Supplier<T> make) {
        return attempt(at.path(), at, make);
    }

    <T> T attempt(String path, YamlNode at, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            error(path, at, e.getMessage());
            return null;
        }
    }

    <T> T attemptOr(YamlNode at, Supplier<T> make, T otherwise) {
        T v = attempt(at, make);
        return v == null ? otherwise : v;
    }

    /** The node as a mapping; null when absent, or (reported) when it is something else. */
    Mapping mapping(YamlNode node) {
        if (node == null || node instanceof Scalar s && s.isNull()) {
            return null;
        }
        if (node instanceof Mapping m) {
            return m;
        }
        error(node, "expected a mapping, found " + YamlNode.describe(node));
        return null;
    }

    /** The items of a list; empty when absent, or (reported) when the node is not a list. */
    List<YamlNode> items(YamlNode node) {
        if (node == null || node instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (node instanceof Sequence seq) {
            return seq.items();
        }
        error(node, "expected a list, found " + YamlNode.describe(node));
        return List.of();
    }

    /** A scalar's text; null (reported) when missing or not a single value. */
    String text(YamlNode node) {
        if (node instanceof Scalar s && !s.isNull()) {
            return s.text();
        }
        error(node, node instanceof Scalar ? "value is missing (null); write a value here, or remove the entry"
                : "expected a single value, found " + YamlNode.describe(node) + "; write one string, number or boolean here (quote it if it has ': ')");
        return null;
    }

    /** A scalar's text, or null when absent or null. */
    String optText(YamlNode node) {
        if (node == null || node instanceof Scalar s && s.isNull()) {
            return null;
        }
        return text(node);
    }

    Integer integer(YamlNode node) {
        String t = text(node);
        if (t == null) {
            return null;
        }
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            error(node, "'" + t + "' is not a whole number");
            return null;
        }
    }

    /** A file mode: as compose reads it, a number written with a leading 0 (0440) or 0o is octal. */
    Integer fileMode(YamlNode node) {
        String t = text(node);
        if (t == null) {
            return null;
        }
        String s = t.trim();
        try {
            if (s.startsWith("0o")) return Integer.parseInt(s.substring(2), 8);
            if (s.length() > 1 && s.startsWith("0")) return Integer.parseInt(s.substring(1), 8);
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            error(node, "'" + t + "' is not a file mode; write e.g. 0440");
            return null;
        }
    }

    Boolean bool(YamlNode node) {
        String t = text(node);
        if (t == null) {
            return null;
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(node, "'" + t + "' is not true or false");
                yield null;
            }
        };
    }

    /** Scalars of a list, or one scalar as a list of one; unreadable items are reported and left out. */
    List<String> strings(YamlNode node) {
        if (node instanceof Scalar s && !s.isNull()) {
            return List.of(s.text());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items(node)) {
            String t = text(item);
            if (t != null) out.add(t);
        }
        return out;
    }

    /** The keys of a mapping, or the items of a list (e.g. a service's networks). */
    List<String> keysOrStrings(YamlNode node) {
        if (node instanceof Mapping m) {
            return List.copyOf(m.entries().keySet());
        }
        return strings(node);
    }

    /**
     * One entry of a "list or mapping" value ({@code environment}, {@code labels}, build {@code args}):
     * {@code KEY=VALUE} items or {@code KEY: VALUE} entries.
     *
     * @param value the value, or null when none is given ({@code KEY} alone, {@code KEY:})
     * @param node where it was written; its path names the key ({@code ...environment.KEY})
     */
    record KeyValue(String key, String value, YamlNode node, String path) {}

    /** The "list or mapping" syntax, read in this one place for every section that has it. */
    List<KeyValue> keyValues(YamlNode node) {
        List<KeyValue> out = new ArrayList<>();
        if (node instanceof Mapping m) {
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                YamlNode v = e.getValue();
                String value = v instanceof Scalar s && s.isNull() ? null : text(v);
                if (value != null || v instanceof Scalar) {
                    out.add(new KeyValue(e.getKey(), value, v, v.path()));
                }
            }
            return out;
        }
        for (YamlNode item : items(node)) {
            String t = text(item);
            if (t == null) continue;
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq);
            String path = node.path() + "." + key;
            positions.putIfAbsent(path, item.at());
            out.add(new KeyValue(key, eq < 0 ? null : t.substring(eq + 1), item, path));
        }
        return out;
    }
}
