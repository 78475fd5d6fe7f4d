package dev.stackctl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A string that may contain Compose variable references: {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?message}}, {@code ${VAR?message}}, {@code ${VAR:+alt}}, {@code $VAR},
 * and {@code $$} for a literal dollar. Kept as parts so rules can tell literals from references.
 */
public record Interpolated(List<Part> parts) {

    public Interpolated {
        parts = List.copyOf(parts);
    }

    /** One piece of the string. */
    public sealed interface Part permits Text, Ref {}

    /** Literal text (already unescaped: {@code $$} became {@code $}). */
    public record Text(String text) implements Part {}

    /**
     * A variable reference.
     *
     * @param modifier one of "", ":-", "-", ":?", "?", ":+", "+"
     * @param operand the default, message or alternative; empty when there is none
     */
    public record Ref(String name, String modifier, String operand) implements Part {
        public Ref {
            Names.requireVariableName(name);
            if (!List.of("", ":-", "-", ":?", "?", ":+", "+").contains(modifier)) {
                throw new IllegalArgumentException("unknown modifier '" + modifier + "' in ${" + name + "}");
            }
        }

        public boolean required() {
            return modifier.equals(":?") || modifier.equals("?");
        }

        public Optional<String> defaultValue() {
            return modifier.equals(":-") || modifier.equals("-") ? Optional.of(operand) : Optional.empty();
        }

        @Override
        public String toString() {
            return "${" + name + modifier + operand + "}";
        }
    }

    public static Interpolated literal(String text) {
        return new Interpolated(text.isEmpty() ? List.of() : List.of(new Text(text)));
    }

    public static Interpolated ref(String name) {
        return new Interpolated(List.of(new Ref(name, "", "")));
    }

    public static Interpolated withDefault(String name, String defaultValue) {
        return new Interpolated(List.of(new Ref(name, ":-", defaultValue)));
    }

    public static Interpolated required(String name, String message) {
        return new Interpolated(List.of(new Ref(name, ":?", message)));
    }

    /** Parses Compose interpolation syntax; throws with the offending position on malformed input. */
    public static Interpolated parse(String raw) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '$') {
                text.append(c);
                i++;
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == '$') {
                text.append('$');
                i += 2;
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == '{') {
                int close = matchingBrace(raw, i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '${' at position " + i + " in '" + raw + "'");
                }
                flush(text, parts);
                parts.add(parseBraced(raw.substring(i + 2, close), raw));
                i = close + 1;
                continue;
            }
            int j = i + 1;
            while (j < raw.length() && (Character.isLetterOrDigit(raw.charAt(j)) || raw.charAt(j) == '_')) {
                j++;
            }
            if (j == i + 1) {
                // A '$' that starts no reference stays a '$', as Compose keeps it (e.g. "price $ 5").
                text.append('$');
                i++;
                continue;
            }
            flush(text, parts);
            parts.add(new Ref(raw.substring(i + 1, j), "", ""));
            i = j;
        }
        flush(text, parts);
        return new Interpolated(parts);
    }

    private static int matchingBrace(String s, int from) {
        int depth = 1;
        for (int k = from; k < s.length(); k++) {
            if (s.charAt(k) == '{') depth++;
            if (s.charAt(k) == '}' && --depth == 0) return k;
        }
        return -1;
    }

    private static Ref parseBraced(String body, String raw) {
        int k = 0;
        while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) {
            k++;
        }
        String name = body.substring(0, k);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty variable name in '" + raw + "'");
        }
        String rest = body.substring(k);
        for (String mod : List.of(":-", ":?", ":+", "-", "?", "+")) {
            if (rest.startsWith(mod)) {
                return new Ref(name, mod, rest.substring(mod.length()));
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("invalid variable reference '${" + body + "}' in '" + raw + "'");
        }
        return new Ref(name, "", "");
    }

    private static void flush(StringBuilder text, List<Part> parts) {
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
            text.setLength(0);
        }
    }

    /** True when the value contains no variable reference. */
    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof Text);
    }

    public List<Ref> references() {
        return parts.stream().filter(p -> p instanceof Ref).map(p -> (Ref) p).toList();
    }

    /**
     * The value Compose would use with these variables set, or empty when a referenced variable is unset
     * and has no default.
     */
    public Optional<String> resolve(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.text());
                continue;
            }
            Ref r = (Ref) p;
            String v = env.get(r.name());
            boolean unsetOrEmpty = v == null || (v.isEmpty() && r.modifier().startsWith(":"));
            switch (r.modifier()) {
                case ":-", "-" -> {
                    if (!unsetOrEmpty) {
                        sb.append(v);
                    } else {
                        Optional<String> d = operand(r.operand(), env); // a default may itself be ${B:-x}, as in compose
                        if (d.isEmpty()) return Optional.empty();
                        sb.append(d.get());
                    }
                }
                case ":+", "+" -> {
                    if (!unsetOrEmpty) {
                        Optional<String> alt = operand(r.operand(), env);
                        if (alt.isEmpty()) return Optional.empty();
                        sb.append(alt.get());
                    }
                }
                default -> {
                    if (v == null || (r.required() && unsetOrEmpty)) {
                        return Optional.empty();
                    }
                    sb.append(v);
                }
            }
        }
        return Optional.of(sb.toString());
    }

    /**
     * The value compose gives {@code written} with these variables; empty when a variable leaves it unknown
     * or the text is malformed (the reader reports a malformed reference where it reads one).
     */
    public static Optional<String> valueOf(String written, Map<String, String> env) {
        if (written.indexOf('$') < 0) return Optional.of(written);
        try {
            return parse(written).resolve(env);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** A default or alternative value, interpolated in its turn ({@code ${A:-${B:-x}}}, {@code $$} for '$'). */
    private static Optional<String> operand(String operand, Map<String, String> env) {
        if (operand.indexOf('$') < 0) return Optional.of(operand);
        try {
            return parse(operand).resolve(env);
        } catch (IllegalArgumentException malformed) {
            return Optional.of(operand);
        }
    }

    /** The Compose source form; {@code parse(x.toString()).equals(x)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p instanceof Text t ? t.text().replace("$", "$$") : p.toString());
        }
        return sb.toString();
    }
}
