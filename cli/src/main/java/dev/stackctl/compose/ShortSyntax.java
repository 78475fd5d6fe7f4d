package dev.stackctl.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a short-syntax string ({@code HOST:CONTAINER} ports, {@code SOURCE:TARGET:MODE} mounts):
 * split on ':' outside {@code ${...}}, since a variable's default may hold one ({@code ${DATA:-./data}:/data},
 * {@code ${PORT:-8080}:80}). {@code $$} is a literal '$' and opens nothing.
 */
final class ShortSyntax {
    private ShortSyntax() {}

    static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '$' || s.charAt(i + 1) == '{')) {
                if (s.charAt(i + 1) == '{') depth++;
                cur.append(c).append(s.charAt(++i));
            } else if (c == '{' && depth > 0) {
                depth++; // a brace inside a default
                cur.append(c);
            } else if (c == '}' && depth > 0) {
                depth--;
                cur.append(c);
            } else if (c == ':' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
