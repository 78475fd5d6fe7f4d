package vn.stocktracker.source.ssi;

/**
 * The hand-written decoder that production used until it moved to Jackson's streaming parser, kept only
 * so that {@link SsiDecodeBench} can measure old against new in the same run. It accepts what JSON
 * forbids ({@code 01}, {@code 1.}); do not use it for anything else.
 *
 * <p>A minimal, allocation-free JSON scanner over a char range. It does only what the SSI frame layers need:
 * walk objects and arrays, unescape strings into a {@link HandWrittenCharBuf}, skip values, and read numbers.
 * Every violation of the JSON grammar throws {@link MalformedFrameException} naming the position.
 */
final class HandWrittenJsonScanner {

    char[] a;
    int pos;
    int end;

    void reset(char[] chars, int from, int to) {
        a = chars;
        pos = from;
        end = to;
    }

    MalformedFrameException error(String what) {
        return new MalformedFrameException(what + " at offset " + pos);
    }

    /** Skips whitespace and returns the next char without consuming it (0 at the end). */
    char peek() {
        int p = pos;
        char[] c = a;
        while (p < end && c[p] <= ' ') {
            p++;
        }
        pos = p;
        return p < end ? c[p] : 0;
    }

    void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** After a member or element: true if a ',' follows (consumed), false if {@code close} follows (consumed). */
    boolean next(char close) {
        char c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            return false;
        }
        throw error("expected ',' or '" + close + "'");
    }

    /**
     * At an opening quote: finds the end of the string. Returns the index of the closing quote and leaves
     * {@link #pos} after it. Sets {@link #escaped} when the string contains backslash escapes.
     */
    int stringEnd() {
        int p = pos + 1;
        char[] c = a;
        boolean esc = false;
        while (p < end) {
            char ch = c[p];
            if (ch == '"') {
                pos = p + 1;
                escaped = esc;
                return p;
            }
            if (ch == '\\') {
                esc = true;
                p += 2;
            } else {
                p++;
            }
        }
        throw error("unterminated string");
    }

    boolean escaped;

    /**
     * At an opening quote: unescapes the string into {@code out} (cleared first) in a single pass and
     * leaves {@link #pos} after the closing quote.
     */
    void readString(HandWrittenCharBuf out) {
        char[] c = a;
        int p = pos + 1;
        int limit = end;
        if (out.data.length < limit - p) {
            out.data = new char[Math.max(limit - p, out.data.length * 2)];
        }
        char[] o = out.data;
        int n = 0;
        while (p < limit) {
            char ch = c[p];
            if (ch == '"') {
                out.length = n;
                pos = p + 1;
                return;
            }
            if (ch != '\\') {
                o[n++] = ch;
                p++;
                continue;
            }
            if (p + 1 >= limit) {
                break;
            }
            char e = c[p + 1];
            p += 2;
            switch (e) {
                case '"', '\\', '/' -> o[n++] = e;
                case 'n' -> o[n++] = '\n';
                case 't' -> o[n++] = '\t';
                case 'r' -> o[n++] = '\r';
                case 'b' -> o[n++] = '\b';
                case 'f' -> o[n++] = '\f';
                case 'u' -> {
                    if (p + 4 > limit) {
                        pos = p;
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int i = p; i < p + 4; i++) {
                        int d = Character.digit(c[i], 16);
                        if (d < 0) {
                            pos = p;
                            throw error("bad \\u escape");
                        }
                        v = (v << 4) | d;
                    }
                    o[n++] = (char) v;
                    p += 4;
                }
                default -> {
                    pos = p;
                    throw error("bad escape \\" + e);
                }
            }
        }
        pos = p;
        throw error("unterminated string");
    }

    void unescape(char[] c, int from, int to, HandWrittenCharBuf out) {
        int p = from;
        int run = from;
        while (p < to) {
            if (c[p] != '\\') {
                p++;
                continue;
            }
            out.append(c, run, p);
            if (p + 1 >= to) {
                throw error("dangling escape");
            }
            char e = c[p + 1];
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (p + 6 > to) {
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int i = p + 2; i < p + 6; i++) {
                        int d = Character.digit(c[i], 16);
                        if (d < 0) {
                            throw error("bad \\u escape");
                        }
                        v = (v << 4) | d;
                    }
                    out.append((char) v);
                    p += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
            p += 2;
            run = p;
        }
        out.append(c, run, to);
    }

    /** Skips one value of any type. */
    void skipValue() {
        char c = peek();
        switch (c) {
            case '"' -> stringEnd();
            case '{' -> {
                pos++;
                if (peek() == '}') {
                    pos++;
                    return;
                }
                do {
                    if (peek() != '"') {
                        throw error("expected a key");
                    }
                    stringEnd();
                    expect(':');
                    skipValue();
                } while (next('}'));
            }
            case '[' -> {
                pos++;
                if (peek() == ']') {
                    pos++;
                    return;
                }
                do {
                    skipValue();
                } while (next(']'));
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumber();
                } else {
                    throw error("unexpected character");
                }
            }
        }
    }

    void literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            throw error("truncated literal");
        }
        for (int i = 0; i < n; i++) {
            if (a[pos + i] != word.charAt(i)) {
                throw error("bad literal");
            }
        }
        pos += n;
    }

    /** Reads a JSON number at {@link #pos}. */
    double readNumber() {
        int start = pos;
        int p = pos;
        while (p < end) {
            char ch = a[p];
            if ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' || ch == 'E') {
                p++;
            } else {
                break;
            }
        }
        pos = p;
        double v = LenientNumber.parse(a, start, p);
        if (Double.isNaN(v)) {
            throw error("bad number");
        }
        return v;
    }
}
