package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds SSI wire frames the way the FastConnect hub sends them: the content object serialised to a JSON
 * string, wrapped in {@code {"DataType","Content"}} serialised again, as the single argument of a SignalR
 * {@code Broadcast} hub message. Used by tests, the stand-in server and the benchmark.
 */
public final class SsiFrames {

    public static final String HUB = "FcMarketDataV2Hub";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SsiFrames() {
    }

    /** A content map in insertion order: {@code content("RType","X","Symbol","FPT",...)}. */
    public static Map<String, Object> content(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** The payload string {@code {"DataType":..,"Content":"<content as JSON string>"}}. */
    public static String payload(String dataType, Map<String, Object> content) {
        return payloadRaw(dataType, write(content));
    }

    /** A payload whose Content string is given verbatim (it may be broken on purpose). */
    public static String payloadRaw(String dataType, String contentText) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("DataType", dataType);
        p.put("Content", contentText);
        return write(p);
    }

    /** A full SignalR frame carrying the payloads as Broadcast arguments, one hub message each. */
    public static String broadcast(String messageId, List<String> payloads) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("C", messageId);
        frame.put("M", payloads.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("H", HUB);
            m.put("M", "Broadcast");
            m.put("A", List.of(p));
            return m;
        }).toList());
        return write(frame);
    }

    public static String broadcast(String dataType, Map<String, Object> content) {
        return broadcast("d-1,0|A,1", List.of(payload(dataType, content)));
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
