package vn.stocktracker.market.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert (API.md "Alert"), in wire form like the other views: {@code kind} and {@code severity}
 * are the lower-case names of {@link AlertKind} and {@link Severity}. {@code id} is
 * {@code <kind code>-<symbol>-<ts>}: unique, because the same kind and symbol never fire twice within
 * the dedup window (at least a second). {@code data} holds the figures behind the message, in a fixed
 * order per kind.
 *
 * @param id       unique id
 * @param kind     what happened
 * @param severity info, warning or critical
 * @param symbol   the stock or futures contract
 * @param message  one line for people (ASCII)
 * @param ts       exchange time of the event that fired it, epoch ms
 * @param data     the figures (numbers and short strings)
 */
public record Alert(String id, String kind, String severity, String symbol, String message, long ts,
                    Map<String, Object> data) {

    public Alert {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new alert with the id derived from kind, symbol and time. */
    public static Alert of(AlertKind kind, Severity severity, String symbol, String message, long ts,
                           Map<String, Object> data) {
        return new Alert(idOf(kind, symbol, ts), kind.wire(), severity.wire(), symbol, message, ts, data);
    }

    static String idOf(AlertKind kind, String symbol, long ts) {
        String code = switch (kind) {
            case VOLUME_SPIKE -> "vs";
            case PRICE_BREAKOUT -> "pb";
            case FOREIGN_ACCELERATION -> "fa";
            case BASIS_FLIP -> "bf";
        };
        return code + "-" + symbol + "-" + ts;
    }

    /** The kind as an enum (null for a name this version does not know, e.g. read from a newer database). */
    public AlertKind kindValue() {
        return AlertKind.fromWire(kind);
    }
}
