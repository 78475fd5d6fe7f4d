package dev.stackctl.backup;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL tool's failure comes down to, as one clause for a one-line error: its first
 * {@code error:} line (the cause; what follows is often consequences and {@code CONTEXT:} lines quoting
 * row data) and, for pg_restore, the archive entry it was restoring ({@code TABLE DATA ticks}). Control
 * characters (a damaged dump's bytes may reach the message) become {@code ?}, and it is kept short.
 */
final class PgToolError {
    private static final Pattern ERROR = Pattern.compile("^(?:pg_restore|pg_dump|psql|pg_dumpall): error: (.*)$", Pattern.DOTALL);
    private static final Pattern TOC = Pattern.compile("^pg_restore: from TOC entry \\d+; \\d+ \\d+ (.+?)(?: \\S+)?$", Pattern.DOTALL);
    static final int MAX = 240;

    private PgToolError() {}

    /** One line, never empty: {@code at TABLE DATA ticks: could not uncompress data: ...}, or the tool's last line. */
    static String clause(String output) {
        List<String> lines = output == null ? List.of() : output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String where = null;
        String cause = null;
        for (String l : lines) {
            Matcher toc = TOC.matcher(l);
            if (toc.matches()) {
                where = toc.group(1);
                continue;
            }
            Matcher e = ERROR.matcher(l);
            if (e.matches()) {
                cause = e.group(1);
                break;
            }
        }
        if (cause == null) {
            cause = lines.isEmpty() ? "no output" : lines.getLast().replaceFirst("^(?:pg_restore|pg_dump|psql): ", "");
        }
        String s = oneLine((where == null ? "" : "at " + where + ": ") + cause);
        return s.length() > MAX ? s.substring(0, MAX - 3) + "..." : s;
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFFFD ? '?' : c));
        return b.toString().replaceAll("\\s+", " ").strip();
    }
}
