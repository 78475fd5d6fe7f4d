package vn.stocktracker.source.ssi;

/**
 * The hand-written frame parser that production used before {@link SsiFrameReader} (Jackson streaming),
 * kept only for {@link SsiDecodeBench}'s same-run comparison, with its fast path always on (the test
 * switches are gone).
 *
 * <p>Parses classic ASP.NET SignalR 2 server frames as SSI's FastConnect hub sends them:
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
final class HandWrittenFrameParser {

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

    private final HandWrittenJsonScanner outer = new HandWrittenJsonScanner();
    private final HandWrittenJsonScanner mid = new HandWrittenJsonScanner();
    private final HandWrittenJsonScanner inner = new HandWrittenJsonScanner();
    private final HandWrittenCharBuf frame = new HandWrittenCharBuf(4096);
    private final HandWrittenCharBuf payload = new HandWrittenCharBuf(4096);
    private final HandWrittenCharBuf content = new HandWrittenCharBuf(4096);
    private final HandWrittenCharBuf text = new HandWrittenCharBuf(64);
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
        HandWrittenJsonScanner s = outer;
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

    private static void trailing(HandWrittenJsonScanner s) {
        if (s.peek() != 0) {
            throw s.error("trailing characters");
        }
    }

    private static void keyInto(HandWrittenJsonScanner s, HandWrittenCharBuf out) {
        if (s.peek() != '"') {
            throw s.error("expected a key");
        }
        s.readString(out);
    }

    private boolean scalarIsOne(HandWrittenJsonScanner s) {
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

    private String scalarText(HandWrittenJsonScanner s) {
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
    private void messages(HandWrittenJsonScanner s, PayloadHandler handler) {
        s.expect('[');
        if (s.peek() == ']') {
            s.pos++;
            return;
        }
        do {
            hubMessage(s, handler);
        } while (s.next(']'));
    }

    private void hubMessage(HandWrittenJsonScanner s, PayloadHandler handler) {
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

    private void arguments(HandWrittenJsonScanner s, PayloadHandler handler) {
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
    private void argument(HandWrittenJsonScanner s, PayloadHandler handler) {
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

    private void payloadObject(HandWrittenJsonScanner s, PayloadHandler handler) {
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
                    int after = escapedContent(s.a, open + 1, s.end);
                    if (after >= 0) {
                        s.pos = after;
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

    private String dataTypeOf(HandWrittenCharBuf t) {
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

    private static boolean isKey(HandWrittenCharBuf t, String lower) {
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
        int id = lookup(a, from, to);
        if (index < 128) {
            kc.key[index] = java.util.Arrays.copyOfRange(a, from, to);
            kc.id[index] = id;
        }
        return id;
    }

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
                        double d = LenientNumber.parse(a, vFrom, v);
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
                        double d = LenientNumber.parse(a, vFrom, p);
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
    private void contentObject(HandWrittenJsonScanner s) {
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
                        HandWrittenCharBuf tmp = new HandWrittenCharBuf(to - from);
                        s.unescape(a, from, to, tmp);
                        record.setString(id, tmp.toString());
                    } else {
                        record.setString(id, a, from, to);
                    }
                } else {
                    double v = LenientNumber.parse(a, from, to);
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

    private static final int TABLE_SIZE = 512;
    private static final char[][] KEYS = new char[TABLE_SIZE][];
    private static final int[] IDS = new int[TABLE_SIZE];

    static {
        String[] names = {"RType", "Symbol", "TradingDate", "Time", "TradingSession", "Side", "IndexId", "TradingTime",
            "Ceiling", "Floor", "RefPrice", "Open", "High", "Low", "Close", "Highest", "Lowest", "LastPrice", "LastVol",
            "TotalVol", "TotalVal", "TotalRoom", "CurrentRoom", "BuyVol", "SellVol", "BuyVal", "SellVal", "FBuyVol",
            "FSellVol", "FBuyVal", "FSellVal", "IndexValue", "PriorIndexValue", "TotalQtty", "TotalValue", "Advances",
            "NoChanges", "Declines", "Ceilings", "Floors", "Volume", "Change"};
        for (String n : names) {
            put(n, SsiField.id(n));
        }
        for (int i = 0; i < 10; i++) {
            put("BidPrice" + (i + 1), SsiField.BID_PRICE + i);
            put("BidVol" + (i + 1), SsiField.BID_VOL + i);
            put("AskPrice" + (i + 1), SsiField.ASK_PRICE + i);
            put("AskVol" + (i + 1), SsiField.ASK_VOL + i);
        }
    }

    private static void put(String name, int id) {
        char[] k = name.toLowerCase(java.util.Locale.ROOT).toCharArray();
        int h = hash(k, 0, k.length) & (TABLE_SIZE - 1);
        while (KEYS[h] != null) {
            h = (h + 1) & (TABLE_SIZE - 1);
        }
        KEYS[h] = k;
        IDS[h] = id;
    }

    private static int lower(char c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static int hash(char[] c, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + lower(c[i]);
        }
        return h ^ (h >>> 9);
    }

    /** The field id of the name in {@code c[from, to)} ignoring ASCII case, or -1. */
    private static int lookup(char[] c, int from, int to) {
        int h = hash(c, from, to) & (TABLE_SIZE - 1);
        int n = to - from;
        while (true) {
            char[] k = KEYS[h];
            if (k == null) {
                return -1;
            }
            boolean same = k.length == n;
            for (int i = 0; same && i < n; i++) {
                same = k[i] == lower(c[from + i]);
            }
            if (same) {
                return IDS[h];
            }
            h = (h + 1) & (TABLE_SIZE - 1);
        }
    }
}
