package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Lenient reads from SSI's REST JSON: keys match case-insensitively ({@code dataList} = {@code DataList}),
 * numbers may arrive as strings ({@code "22,950"}), and missing or null values give the default.
 */
final class Lenient {

    private Lenient() {
    }

    /** The member whose name equals {@code name} ignoring case, or null. */
    static JsonNode get(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The first present member among {@code names}. */
    static JsonNode first(JsonNode obj, String... names) {
        for (String n : names) {
            JsonNode v = get(obj, n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    static String text(JsonNode obj, String... names) {
        JsonNode v = first(obj, names);
        if (v == null || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    static double number(JsonNode obj, double dflt, String... names) {
        JsonNode v = first(obj, names);
        if (v == null) {
            return dflt;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            double d = LenientNumber.parse(v.asText());
            return Double.isNaN(d) ? dflt : d;
        }
        return dflt;
    }

    static long lng(JsonNode obj, long dflt, String... names) {
        double d = number(obj, Double.NaN, names);
        return Double.isNaN(d) ? dflt : Math.round(d);
    }
}
