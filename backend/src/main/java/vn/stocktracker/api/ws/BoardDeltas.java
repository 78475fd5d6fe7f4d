package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last state every {@code /ws/market} client holds, per row (stock or futures contract), and the
 * field-level changes against it. An update then carries per changed row only {@code symbol}, {@code ts}
 * and the fields whose value changed (bids/asks whole when any level changed); a client that merges
 * each update into its rows holds exactly {@link #current} (API.md "/ws/market"). At 5,000 events/s the
 * reference data (exchange, ref, ceiling, floor, open) and the quieter counters stay out of nearly
 * every update. Used by one thread (the fan-out thread).
 */
final class BoardDeltas {
    /** Always present in a delta: the row's key and the time of its latest event. */
    private static final List<String> ALWAYS = List.of("symbol", "ts");

    private final ObjectMapper json;
    private final Map<String, ObjectNode> last = new HashMap<>();

    BoardDeltas(ObjectMapper json) {
        this.json = json;
    }

    /** Starts from these views (a snapshot of the market), replacing whatever was held. */
    void reset(Collection<?> views) {
        last.clear();
        for (Object v : views) {
            if (v != null) {
                ObjectNode n = json.valueToTree(v);
                last.put(n.path("symbol").asText(), n);
            }
        }
    }

    /**
     * The change from the held state of this view's row to {@code view}, which becomes the held state;
     * the whole view when the row was not held.
     */
    ObjectNode next(Object view) {
        ObjectNode now = json.valueToTree(view);
        String symbol = now.path("symbol").asText();
        ObjectNode before = last.put(symbol, now);
        if (before == null) {
            return now;
        }
        ObjectNode delta = json.createObjectNode();
        now.fields().forEachRemaining(e -> {
            JsonNode old = before.get(e.getKey());
            if (ALWAYS.contains(e.getKey()) || old == null || !old.equals(e.getValue())) {
                delta.set(e.getKey(), e.getValue());
            }
        });
        return delta;
    }

    /** The held state of one row (what every client has merged), or null. */
    ObjectNode current(String symbol) {
        return last.get(symbol);
    }

    /** The held states of these rows, in this order (rows not held are left out). */
    List<ObjectNode> current(List<String> symbols) {
        List<ObjectNode> out = new ArrayList<>(symbols.size());
        for (String s : symbols) {
            ObjectNode n = last.get(s);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** Merges a delta into a row as a client does (test and documentation aid). */
    static ObjectNode merge(ObjectNode row, JsonNode delta) {
        ObjectNode out = row == null ? delta.deepCopy() : row.deepCopy();
        if (row != null) {
            delta.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        }
        return out;
    }
}
