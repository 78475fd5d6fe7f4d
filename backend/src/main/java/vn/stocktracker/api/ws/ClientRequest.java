package vn.stocktracker.api.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** A message from a WebSocket client (API.md "Client messages"), as {@link #parse} reads it. */
public sealed interface ClientRequest {
    int MAX_SYMBOLS = 100;

    /** Narrow the channel to {@code symbols}; null means everything. */
    record Subscribe(Set<String> symbols) implements ClientRequest {
        public Subscribe {
            symbols = symbols == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(symbols));
        }
    }

    /** {@code {"type":"ping"}}: answered with a heartbeat. */
    record Ping() implements ClientRequest {
    }

    /** Anything else: answered with an error naming the problem; the connection stays as it was. */
    record Invalid(String detail) implements ClientRequest {
    }

    /**
     * Reads one client message; never throws. Symbols are trimmed and upper-cased, and must be
     * {@code known}.
     */
    static ClientRequest parse(String text, ObjectMapper json, Predicate<String> known) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return new Invalid("message is not JSON; send {\"subscribe\":[\"FPT\",\"VNM\"]}");
        }
        if (node == null || !node.isObject()) {
            return new Invalid("message must be a JSON object such as {\"subscribe\":[\"FPT\"]}");
        }
        if (node.has("type") && "ping".equals(node.get("type").asText())) {
            return new Ping();
        }
        JsonNode sub = node.get("subscribe");
        if (sub == null) {
            return new Invalid("unknown message; the only client message is {\"subscribe\":[...symbols]} (or {\"type\":\"ping\"})");
        }
        if (sub.isTextual() && sub.asText().equals("*")) {
            return new Subscribe(null);
        }
        if (!sub.isArray()) {
            return new Invalid("subscribe: must be an array of symbols, e.g. {\"subscribe\":[\"FPT\",\"VNM\"]}, or \"*\"");
        }
        return symbols(sub, known);
    }

    private static ClientRequest symbols(JsonNode array, Predicate<String> known) {
        if (array.size() > MAX_SYMBOLS) {
            return new Invalid("subscribe: at most " + MAX_SYMBOLS + " symbols");
        }
        Set<String> symbols = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode n : array) {
            String s = n.isTextual() ? n.asText().trim().toUpperCase(Locale.ROOT) : "";
            if (known.test(s)) {
                symbols.add(s);
            } else {
                unknown.add(n.isTextual() ? n.asText() : n.toString());
            }
        }
        if (!unknown.isEmpty()) {
            return new Invalid("subscribe: unknown symbols " + unknown + "; see GET /api/symbols");
        }
        return new Subscribe(symbols.isEmpty() ? null : symbols);
    }
}
