package vn.stocktracker.source.ssi;

/**
 * Parses classic ASP.NET SignalR 2 server frames as SSI's FastConnect hub sends them:
 * <pre>
 * {}                                                       keep-alive
 * {"C":"d-..","S":1,"M":[]}                                 connection initialised
 * {"C":"d-..","M":[{"H":"FcMarketDataV2Hub","M":"Broadcast","A":["{\"DataType\":\"X\",\"Content\":\"{...}\"}"]}]}
 * {"I":"0"} / {"I":"0","E":"error text"}                    result of a hub invocation
 * {"C":"..","T":1}                                          server asks the client to reconnect
 * </pre>
 * Each Broadcast argument is a JSON string (or object) with {@code DataType} and {@code Content}; the
 * content is itself a JSON string (or object): so a data frame is parsed three times, each time into a
 * reused buffer. Content fields go into an {@link SsiRecord} handed to the {@link PayloadHandler}.
 * Not thread-safe: one parser per connection.
 */
final class SsiFrameParser {

    /** Receives each decoded payload; {@code dataType} is upper case (from DataType, else RType), may be null. */
    interface PayloadHandler {
        void onPayload(String dataType, SsiRecord record);
    }

    /** What a frame held besides payloads. Reused: valid until the next {@link #parse}. */
    static final class FrameInfo {
        boolean keepAlive;
        boolean init;
        boolean reconnect;
        int payloads;
        String invocationId;
        String error;

        void clear() {
            keepAlive = init = reconnect = false;
            payloads = 0;
            invocationId = null;
            error = null;
        }
    }

    private final JsonScanner outer = new JsonScanner();
    private final JsonScanner mid = new JsonScanner();
    private final JsonScanner inner = new JsonScanner();
    private final CharBuf frame = new CharBuf(4096);
    private final CharBuf payload = new CharBuf(4096);
    private final CharBuf content = new CharBuf(4096);
    private final CharBuf text = new CharBuf(64);
    private final SsiRecord record = new SsiRecord();
    private final FrameInfo info = new FrameInfo();

    private String lastDataTypeText;
    private String lastDataType;

    /**
     * Parses one frame, calling {@code handler} for every Broadcast payload in it.
     *
     * @throws MalformedFrameException when the frame (or a payload) is not valid
     */
    FrameInfo parse(String frameText, PayloadHandler handler) {
        info.clear();
        frame.set(frameText);
        JsonScanner s = outer;
        s.reset(frame.data, 0, frame.length);
        s.expect('{');
        if (s.peek() == '}') {
            s.pos++;
            trailing(s);
            info.keepAlive = true;
            return info;
        }
        do {
            keyInto(s, text);
            s.expect(':');
            if (text.length != 1) {
                s.skipValue();
                continue;
            }
            switch (text.data[0]) {
                case 'M' -> messages(s, handler);
                case 'S' -> info.init = scalarIsOne(s);
                case 'T' -> info.reconnect = scalarIsOne(s);
                case 'I' -> info.invocationId = scalarText(s);
                case 'E' -> info.error = scalarText(s);
                default -> s.skipValue();
            }
        } while (s.next('}'));
        trailing(s);
        return info;
    }

    private static void trailing(JsonScanner s) {
        if (s.peek() != 0) {
            throw s.error("trailing characters");
        }
    }

    private static void keyInto(JsonScanner s, CharBuf out) {
        if (s.peek() != '"') {
            throw s.error("expected a key");
        }
        s.readString(out);
    }

    private boolean scalarIsOne(JsonScanner s) {
        char c = s.peek();
        if (c == '"') {
            s.readString(text);
            return text.length == 1 && text.data[0] == '1' || "true".contentEquals(text.toString());
        }
        if (c == 't') {
            s.literal("true");
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return s.readNumber() == 1;
        }
        s.skipValue();
        return false;
    }

    private String scalarText(JsonScanner s) {
        char c = s.peek();
        if (c == '"') {
            s.readString(text);
            return text.toString();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int from = s.pos;
            s.readNumber();
            return new String(s.a, from, s.pos - from);
        }
        if (c == 'n') {
            s.literal("null");
            return null;
        }
        int from = s.pos;
        s.skipValue();
        return new String(s.a, from, s.pos - from);
    }

    /** The "M" array: hub messages {"H":hub,"M":method,"A":[args]}. */
    private void messages(JsonScanner s, PayloadHandler handler) {
        s.expect('[');
        if (s.peek() == ']') {
            s.pos++;
            return;
        }
        do {
            hubMessage(s, handler);
        } while (s.next(']'));
    }

    private void hubMessage(JsonScanner s, PayloadHandler handler) {
        s.expect('{');
        if (s.peek() == '}') {
            s.pos++;
            return;
        }
        String method = null;
        int argsFrom = -1;
        int argsTo = -1;
        boolean done = false;
        do {
            keyInto(s, text);
            s.expect(':');
            if (text.length == 1 && text.data[0] == 'M') {
                method = scalarText(s);
            } else if (text.length == 1 && text.data[0] == 'A') {
                if (s.peek() != '[') {
                    throw s.error("hub message arguments are not an array");
                }
                if ("Broadcast".equalsIgnoreCase(method)) {
                    // the usual order (H, M, A): decode the arguments in place, no second pass
                    arguments(s, handler);
                    done = true;
                } else {
                    argsFrom = s.pos;
                    s.skipValue();
                    argsTo = s.pos;
                }
            } else {
                s.skipValue();
            }
        } while (s.next('}'));
        if (done || argsFrom < 0 || method == null) {
            return;
        }
        if ("Error".equalsIgnoreCase(method)) {
            info.error = new String(s.a, argsFrom, argsTo - argsFrom);
            return;
        }
        if (!"Broadcast".equalsIgnoreCase(method)) {
            return;
        }
        int resume = s.pos;
        s.pos = argsFrom;
        arguments(s, handler);
        s.pos = resume;
    }

    private void arguments(JsonScanner s, PayloadHandler handler) {
        s.expect('[');
        if (s.peek() == ']') {
            s.pos++;
            return;
        }
        do {
            argument(s, handler);
        } while (s.next(']'));
    }

    /** One Broadcast argument: a JSON string holding {"DataType","Content"}, or that object inline. */
    private void argument(JsonScanner s, PayloadHandler handler) {
        char c = s.peek();
        if (c == '"') {
            s.readString(payload);
            mid.reset(payload.data, 0, payload.length);
            payloadObject(mid, handler);
            trailing(mid);
        } else if (c == '{') {
            payloadObject(s, handler);
        } else {
            throw s.error("Broadcast argument is neither a string nor an object");
        }
    }

    private void payloadObject(JsonScanner s, PayloadHandler handler) {
        s.expect('{');
        record.clear();
        String dataType = null;
        boolean sawContent = false;
        if (s.peek() == '}') {
            throw s.error("empty payload");
        }
        do {
            keyInto(s, text);
            s.expect(':');
            if (isKey(text, "datatype")) {
                if (s.peek() == '"') {
                    s.readString(text);
                    dataType = dataTypeOf(text);
                } else {
                    s.skipValue();
                }
            } else if (isKey(text, "content")) {
                char c = s.peek();
                keys = keyCache[slot(dataType)];
                if (c == '"') {
                    int open = s.pos;
                    int after = escapedFast ? escapedContent(s.a, open + 1, s.end) : -1;
                    if (after >= 0) {
                        s.pos = after;
                        fastHits++;
                    } else {
                        // the general path: unescape the Content string, then parse it
                        record.clear();
                        s.pos = open;
                        s.readString(content);
                        inner.reset(content.data, 0, content.length);
                        contentObject(inner);
                        trailing(inner);
                    }
                } else if (c == '{') {
                    contentObject(s);
                } else {
                    throw s.error("Content is neither a string nor an object");
                }
                sawContent = true;
            } else {
                s.skipValue();
            }
        } while (s.next('}'));
        if (!sawContent) {
            throw s.error("payload without Content");
        }
        if (dataType == null) {
            dataType = record.code(SsiField.RTYPE);
        }
        info.payloads++;
        handler.onPayload(dataType, record);
    }

    private String dataTypeOf(CharBuf t) {
        String last = lastDataTypeText;
        if (last != null && last.length() == t.length) {
            boolean same = true;
            for (int i = 0; i < t.length; i++) {
                if (last.charAt(i) != t.data[i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return lastDataType;
            }
        }
        lastDataTypeText = t.toString();
        lastDataType = lastDataTypeText.trim().toUpperCase(java.util.Locale.ROOT);
        return lastDataType;
    }

    private static boolean isKey(CharBuf t, String lower) {
        if (t.length != lower.length()) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            char c = t.data[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Key cache per payload type: SSI writes the keys of a type in a fixed order, so the key at position
     * i is almost always the one seen at position i last time; an exact match skips the hashed lookup.
     */
    private static final class KeyCache {
        final char[][] key = new char[128][];
        final int[] id = new int[128];
    }

    private final KeyCache[] keyCache = {new KeyCache(), new KeyCache(), new KeyCache(), new KeyCache(),
        new KeyCache(), new KeyCache(), new KeyCache(), new KeyCache()};
    private KeyCache keys;

    private static int slot(String dataType) {
        return dataType == null || dataType.isEmpty() ? 0 : (dataType.charAt(0) * 31 + dataType.length()) & 7;
    }

    private int keyId(char[] a, int from, int to, int index) {
        KeyCache kc = keys;
        int n = to - from;
        if (index < 128) {
            char[] k = kc.key[index];
            if (k != null && k.length == n) {
                int i = 0;
                while (i < n && k[i] == a[from + i]) {
                    i++;
                }
                if (i == n) {
                    return kc.id[index];
                }
            }
        }
        int id = SsiField.lookup(a, from, to);
        if (index < 128) {
            kc.key[index] = java.util.Arrays.copyOfRange(a, from, to);
            kc.id[index] = id;
        }
        return id;
    }

    /** Whether the escaped-content fast path is used (tests compare both paths). */
    boolean escapedFast = true;
    /** Content strings read by the fast path. */
    long fastHits;

    /**
     * Fast path for the usual Content string: a flat object whose only escapes are the quotes
     * ({@code {\"Symbol\":\"ACB\",\"LastPrice\":22950.0}}), read in place without unescaping it
     * into another buffer. {@code from} is just after the string's opening quote. Returns the position after
     * the string's closing quote, or -1 when the content needs the general path (any other escape, a
     * nested value, odd spacing), in which case nothing must be trusted from the record.
     */
    private int escapedContent(char[] a, int from, int end) {
        int p = from;
        if (p >= end || a[p] != '{') {
            return -1;
        }
        p++;
        int index = 0;
        if (p + 1 < end && a[p] == '}') {
            return p + 1 < end && a[p + 1] == '"' ? p + 2 : -1;
        }
        while (true) {
            // key: \"name\"
            if (p + 1 >= end || a[p] != '\\' || a[p + 1] != '"') {
                return -1;
            }
            int keyFrom = p + 2;
            int q = keyFrom;
            while (q < end && a[q] != '\\' && a[q] != '"') {
                q++;
            }
            if (q + 2 >= end || a[q] != '\\' || a[q + 1] != '"' || a[q + 2] != ':') {
                return -1;
            }
            int id = keyId(a, keyFrom, q, index++);
            p = q + 3;
            if (p >= end) {
                return -1;
            }
            char c = a[p];
            if (c == '\\') {
                // string value \"...\"
                if (p + 1 >= end || a[p + 1] != '"') {
                    return -1;
                }
                int vFrom = p + 2;
                int v = vFrom;
                while (v < end && a[v] != '\\' && a[v] != '"') {
                    v++;
                }
                if (v + 1 >= end || a[v] != '\\' || a[v + 1] != '"') {
                    return -1;
                }
                if (id >= 0) {
                    if (SsiField.isString(id)) {
                        record.setString(id, a, vFrom, v);
                    } else {
                        double d = JsonScanner.parseNumber(a, vFrom, v);
                        if (!Double.isNaN(d)) {
                            record.setNumber(id, d);
                        }
                    }
                }
                p = v + 2;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int vFrom = p;
                while (p < end && ((a[p] >= '0' && a[p] <= '9') || a[p] == '.' || a[p] == '-' || a[p] == '+'
                        || a[p] == 'e' || a[p] == 'E')) {
                    p++;
                }
                if (id >= 0) {
                    if (SsiField.isString(id)) {
                        record.setString(id, a, vFrom, p);
                    } else {
                        double d = JsonScanner.parseNumber(a, vFrom, p);
                        if (Double.isNaN(d)) {
                            return -1;
                        }
                        record.setNumber(id, d);
                    }
                }
            } else if (c == 'n' && p + 3 < end && a[p + 1] == 'u' && a[p + 2] == 'l' && a[p + 3] == 'l') {
                p += 4;
            } else if (c == 't' && p + 3 < end && a[p + 1] == 'r' && a[p + 2] == 'u' && a[p + 3] == 'e') {
                p += 4;
            } else if (c == 'f' && p + 4 < end && a[p + 1] == 'a' && a[p + 2] == 'l' && a[p + 3] == 's' && a[p + 4] == 'e') {
                p += 5;
            } else {
                return -1;
            }
            if (p >= end) {
                return -1;
            }
            if (a[p] == ',') {
                p++;
                continue;
            }
            if (a[p] == '}') {
                return p + 1 < end && a[p + 1] == '"' ? p + 2 : -1;
            }
            return -1;
        }
    }

    /** The flat content object: known fields go into the record, everything else is skipped. */
    private void contentObject(JsonScanner s) {
        s.expect('{');
        if (s.peek() == '}') {
            s.pos++;
            return;
        }
        char[] a = s.a;
        int index = 0;
        do {
            if (s.peek() != '"') {
                throw s.error("expected a key");
            }
            int keyFrom = s.pos + 1;
            int keyTo = s.stringEnd();
            int id = s.escaped ? -1 : keyId(a, keyFrom, keyTo, index++);
            s.expect(':');
            if (id < 0) {
                s.skipValue();
                continue;
            }
            char c = s.peek();
            if (c == '"') {
                int from = s.pos + 1;
                int to = s.stringEnd();
                if (SsiField.isString(id)) {
                    if (s.escaped) {
                        CharBuf tmp = new CharBuf(to - from);
                        s.unescape(a, from, to, tmp);
                        record.setString(id, tmp.toString());
                    } else {
                        record.setString(id, a, from, to);
                    }
                } else {
                    double v = JsonScanner.parseNumber(a, from, to);
                    if (!Double.isNaN(v)) {
                        record.setNumber(id, v);
                    }
                }
            } else if (c == 'n') {
                s.literal("null");
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int from = s.pos;
                double v = s.readNumber();
                if (SsiField.isString(id)) {
                    record.setString(id, a, from, s.pos);
                } else {
                    record.setNumber(id, v);
                }
            } else {
                s.skipValue();
            }
        } while (s.next('}'));
    }
}
