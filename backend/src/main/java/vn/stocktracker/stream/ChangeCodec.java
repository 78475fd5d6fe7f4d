package vn.stocktracker.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.api.Json;
import vn.stocktracker.market.ForeignView;
import vn.stocktracker.market.FuturesView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.alert.Alert;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one publish of {@link MarketChanges} into the parts of the streams it touches (JSON, the same
 * views the API serves) and puts the parts of one publish back together.
 */
public final class ChangeCodec {
    private static final TypeReference<List<StockView>> STOCKS = new TypeReference<>() { };
    private static final TypeReference<List<ForeignView>> FOREIGN = new TypeReference<>() { };
    private static final TypeReference<List<IndexView>> INDICES = new TypeReference<>() { };
    private static final TypeReference<List<Alert>> ALERTS = new TypeReference<>() { };

    private final ObjectMapper json;

    public ChangeCodec() {
        this(Json.mapper());
    }

    public ChangeCodec(ObjectMapper json) {
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper json() {
        return json;
    }

    /** The parts of {@code ch}, one per stream that has something (empty for empty changes). */
    public Map<StreamChannel, String> encode(MarketChanges ch) {
        Map<StreamChannel, String> parts = new EnumMap<>(StreamChannel.class);
        if (!ch.stocks().isEmpty()) {
            parts.put(StreamChannel.MARKET, write(ch.stocks()));
        }
        if (!ch.foreign().isEmpty()) {
            parts.put(StreamChannel.FOREIGN, write(ch.foreign()));
        }
        if (!ch.indices().isEmpty()) {
            parts.put(StreamChannel.INDEX, write(ch.indices()));
        }
        if (ch.futures() != null) {
            parts.put(StreamChannel.FUTURES, write(ch.futures()));
        }
        if (!ch.alerts().isEmpty()) {
            parts.put(StreamChannel.ALERTS, write(ch.alerts()));
        }
        return parts;
    }

    /** The changes of one publish from all its parts. */
    public MarketChanges decode(long ts, Map<StreamChannel, String> parts) {
        try {
            String m = parts.get(StreamChannel.MARKET);
            String f = parts.get(StreamChannel.FOREIGN);
            String i = parts.get(StreamChannel.INDEX);
            String fu = parts.get(StreamChannel.FUTURES);
            String a = parts.get(StreamChannel.ALERTS);
            return new MarketChanges(ts,
                    m == null ? List.of() : json.readValue(m, STOCKS),
                    f == null ? List.of() : json.readValue(f, FOREIGN),
                    i == null ? List.of() : json.readValue(i, INDICES),
                    fu == null ? null : json.readValue(fu, FuturesView.class),
                    a == null ? List.of() : json.readValue(a, ALERTS));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable stream part: " + e.getOriginalMessage(), e);
        }
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stream part", e);
        }
    }
}
