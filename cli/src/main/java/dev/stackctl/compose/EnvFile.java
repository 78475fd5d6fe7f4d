package dev.stackctl.compose;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .env} file as Compose does: {@code KEY=VALUE} lines, an optional {@code export} before
 * the key, {@code #} comments on their own line or after an unquoted value, single quotes taken
 * literally, double quotes with {@code \n}, {@code \t}, {@code \"} and {@code \\} escapes. A line without
 * {@code =} names a variable with no value and is left out.
 */
public final class EnvFile {
    private EnvFile() {}

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            out.put(key, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' && v.indexOf('\'', 1) > 0) {
            return v.substring(1, v.indexOf('\'', 1));
        }
        if (v.length() >= 2 && v.charAt(0) == '"') {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') return sb.toString();
                if (c == '\\' && i + 1 < v.length()) {
                    char n = v.charAt(++i);
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int comment = v.indexOf(" #");
        return (comment >= 0 ? v.substring(0, comment) : v).strip();
    }
}
