package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads classic ASP.NET SignalR 2 server frames as SSI's FastConnect hub sends them, with Jackson's
 * streaming parser (strict JSON: {@code 01}, {@code 1.}, comments, single quotes, NaN are errors):
 * <pre>
 * {}                                                       keep-alive
 * {"C":"d-..","S":1,"M":[]}                                 connection initialised
 * {"C":"d-..","M":[{"H":"FcMarketDataV2Hub","M":"Broadcast","A":["{\"DataType\":\"X\",\"Content\":\"{...}\"}"]}]}
 * {"I":"0"} / {"I":"0","E":"error text"}                    result of a hub invocation
 * {"C":"..","T":1}                                          server asks the client to reconnect
 * </pre>
 * Each Broadcast argument is a JSON string (or object) holding {@code DataType} and {@code Content}, and
 * the content is itself a JSON string (or object): SSI's protocol has a data frame parsed three times.
 * The inner parsers read the outer parser's text buffer in place, so no layer is copied. Content fields
 * go into an {@link SsiRecord} handed to the {@link PayloadHandler}. Not thread-safe: one per connection.
 */
final class SsiFrameReader {

    /** Frames longer than this are refused unread (SSI's largest, a snapshot batch, are ~150 KB). */
    static final int MAX_FRAME_CHARS = 1 << 20;
    /** Objects and arrays nested deeper than this within one layer are refused (SSI nests four deep). */
    static final int MAX_DEPTH = 32;

    /**
     * One factory for every frame: thread-safe, and it keeps the symbol table of field names. Its buffers
     * come from a pool of several recyclers rather than one per thread, because the three parsers of a
     * frame are open at once: with one recycler per thread the inner two found its buffers taken and
     * allocated (and grew) new ones for every frame.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    /** Receives each decoded payload; {@code dataType} is upper case (from DataType, else RType), may be null. */
    interface PayloadHandler {
        void onPayload(String dataType, SsiRecord record);
    }

    /** What a frame held besides payloads. */
    record Frame(boolean keepAlive, boolean init, boolean reconnect, int payloads, String invocationId, String error) {
    }

    private final SsiRecord record = new SsiRecord();
    /** Field name to {@link SsiField} id (-1: not read); Jackson's names are canonical, so this map is small. */
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private boolean init;
    private boolean reconnect;
    private int payloads;
    private String invocationId;
    private String error;
    private String lastDataTypeText;
    private String lastDataType;

    /**
     * Reads one frame, calling {@code handler} for every Broadcast payload in it, in order.
     *
     * @throws MalformedFrameException when the frame (or a payload in it) is not valid JSON of SSI's shape;
     *                                 payloads before the fault have been handed over already
     */
    Frame read(String text, PayloadHandler handler) {
        if (text.length() > MAX_FRAME_CHARS) {
            throw new MalformedFrameException("frame of " + text.length() + " characters, over the limit of "
                    + MAX_FRAME_CHARS);
        }
        init = reconnect = false;
        payloads = 0;
        invocationId = error = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("frame", p, "a frame must be a JSON object");
            }
            boolean empty = true;
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                empty = false;
                p.nextToken();
                switch (key) {
                    case "M" -> messages(p, handler);
                    case "S" -> init = isOne(p);
                    case "T" -> reconnect = isOne(p);
                    case "I" -> invocationId = scalar(p);
                    case "E" -> error = scalar(p);
                    default -> p.skipChildren();
                }
            }
            end("frame", p);
            return new Frame(empty, init, reconnect, payloads, invocationId, error);
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException("frame: " + describe(e));
        } catch (IOException e) {
            // a String source cannot fail to read
            throw new UncheckedIOException(e);
        }
    }

    private static void end(String layer, JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw malformed(layer, p, "characters after the end of the JSON value");
        }
    }

    private static MalformedFrameException malformed(String layer, JsonParser p, String what) {
        return new MalformedFrameException(layer + ": " + what + " (column " + p.currentLocation().getColumnNr() + ")");
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }

    private static boolean isOne(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> "1".equals(p.getText().strip()) || "true".equalsIgnoreCase(p.getText().strip());
            case VALUE_NUMBER_INT -> p.getLongValue() == 1;
            case VALUE_TRUE -> true;
            default -> {
                p.skipChildren();
                yield false;
            }
        };
    }

    /** A scalar as text (a string's value, a number's digits), null for null; a container's JSON text. */
    private static String scalar(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return t.isStructStart() ? copy(p) : p.getText();
    }

    /** The JSON text of the value at the parser's current token (consumed). */
    private static String copy(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    /** The "M" array: hub messages {"H":hub,"M":method,"A":[args]}. */
    private void messages(JsonParser p, PayloadHandler handler) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw malformed("frame", p, "\"M\" must be an array of hub messages");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw malformed("frame", p, "a hub message must be an object");
            }
            hubMessage(p, handler);
        }
    }

    private void hubMessage(JsonParser p, PayloadHandler handler) throws IOException {
        String method = null;
        String laterArgs = null;
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            p.nextToken();
            if ("M".equals(key)) {
                method = scalar(p);
            } else if ("A".equals(key)) {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw malformed("frame", p, "hub message arguments must be an array");
                }
                if ("Broadcast".equalsIgnoreCase(method)) {
                    arguments(p, handler);
                } else {
                    // the method is not known yet (SignalR writes H, M, A, but JSON does not promise an order)
                    laterArgs = copy(p);
                }
            } else {
                p.skipChildren();
            }
        }
        if (laterArgs == null || method == null) {
            return;
        }
        if ("Error".equalsIgnoreCase(method)) {
            error = laterArgs;
        } else if ("Broadcast".equalsIgnoreCase(method)) {
            try (JsonParser args = JSON.createParser(laterArgs)) {
                args.nextToken();
                arguments(args, handler);
            }
        }
    }

    private void arguments(JsonParser p, PayloadHandler handler) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            switch (p.currentToken()) {
                case VALUE_STRING -> {
                    try (JsonParser payload = inner(p)) {
                        if (payload.nextToken() != JsonToken.START_OBJECT) {
                            throw malformed("payload", payload, "a Broadcast payload must be a JSON object");
                        }
                        payloadObject(payload, handler);
                        end("payload", payload);
                    } catch (JsonProcessingException e) {
                        throw new MalformedFrameException("payload: " + describe(e));
                    }
                }
                case START_OBJECT -> payloadObject(p, handler);
                default -> throw malformed("frame", p, "a Broadcast argument must be a string or an object");
            }
        }
    }

    /** A parser over the string value at {@code p}'s current token, reading its text buffer in place. */
    private static JsonParser inner(JsonParser p) throws IOException {
        return JSON.createParser(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** {"DataType":..,"Content":..}, the parser at its START_OBJECT. */
    private void payloadObject(JsonParser p, PayloadHandler handler) throws IOException {
        record.clear();
        String dataType = null;
        boolean any = false;
        boolean sawContent = false;
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            any = true;
            JsonToken t = p.nextToken();
            if ("DataType".equalsIgnoreCase(key) && t == JsonToken.VALUE_STRING) {
                dataType = dataType(p.getText());
            } else if ("Content".equalsIgnoreCase(key)) {
                content(p, t);
                sawContent = true;
            } else {
                p.skipChildren();
            }
        }
        if (!any) {
            throw malformed("payload", p, "empty payload");
        }
        if (!sawContent) {
            throw malformed("payload", p, "payload without Content");
        }
        if (dataType == null) {
            dataType = record.code(SsiField.RTYPE);
        }
        payloads++;
        handler.onPayload(dataType, record);
    }

    private void content(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            contentObject(p);
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw malformed("payload", p, "Content must be a string or an object");
        }
        try (JsonParser c = inner(p)) {
            if (c.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("content", c, "Content must hold a JSON object");
            }
            contentObject(c);
            end("content", c);
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException("content: " + describe(e));
        }
    }

    private String dataType(String text) {
        if (!text.equals(lastDataTypeText)) {
            lastDataTypeText = text;
            lastDataType = text.strip().toUpperCase(Locale.ROOT);
        }
        return lastDataType;
    }

    /** The flat content object: known fields go into the record, everything else is skipped. */
    private void contentObject(JsonParser p) throws IOException {
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int id = fieldId(key);
            if (id < 0) {
                p.skipChildren();
                continue;
            }
            if (t == JsonToken.VALUE_STRING || t.isNumeric()) {
                // numbers too are read from the token's characters: Jackson has checked their grammar, and
                // getDoubleValue() would make a String of every number first
                char[] c = p.getTextCharacters();
                int from = p.getTextOffset();
                int to = from + p.getTextLength();
                if (SsiField.isString(id)) {
                    record.setString(id, c, from, to);
                } else {
                    number(id, LenientNumber.parse(c, from, to));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private int fieldId(String name) {
        Integer id = fieldIds.get(name);
        if (id == null) {
            if (fieldIds.size() >= 4096) {
                // a feed that invents names must not grow the map without bound
                fieldIds.clear();
            }
            id = SsiField.id(name);
            fieldIds.put(name, id);
        }
        return id;
    }

    private void number(int id, double v) {
        // NaN: text that is no number; infinite: 1e999 and the like, which no price or volume is
        if (Double.isFinite(v)) {
            record.setNumber(id, v);
        }
    }
}
