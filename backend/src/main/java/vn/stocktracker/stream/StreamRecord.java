package vn.stocktracker.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stream entry: the part of one processor publish that belongs to {@code channel}.
 *
 * @param epoch the fencing token of the collector that wrote it (a new collector starts a new epoch)
 * @param seq   the sequence number of the publish (the market state after it)
 * @param prev  the seq of the previous entry of the same stream (0 before the first): a replica that read
 *              another seq last in this stream has missed entries (trimmed, or never published)
 * @param parts how many streams this publish wrote: the publish is complete once that many parts are in
 * @param ts    exchange time of the changes, epoch ms
 * @param data  the part as JSON (see {@link ChangeCodec})
 */
public record StreamRecord(StreamChannel channel, long epoch, long seq, long prev, int parts, long ts, String data) {

    public StreamRecord {
        if (seq <= prev || parts < 1 || parts > StreamChannel.values().length || data == null) {
            throw new IllegalArgumentException("bad stream record: seq " + seq + ", prev " + prev + ", parts " + parts);
        }
    }

    /** The fields as written by XADD, in this order. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", Long.toString(epoch));
        m.put("seq", Long.toString(seq));
        m.put("prev", Long.toString(prev));
        m.put("parts", Integer.toString(parts));
        m.put("ts", Long.toString(ts));
        m.put("data", data);
        return m;
    }

    /** Reads an entry of {@code channel}'s stream; throws {@link IllegalArgumentException} naming what is wrong. */
    public static StreamRecord decode(StreamChannel channel, Map<String, String> fields) {
        return new StreamRecord(channel, number(fields, "epoch"), number(fields, "seq"), number(fields, "prev"),
                (int) number(fields, "parts"), number(fields, "ts"), required(fields, "data"));
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("stream entry without '" + name + "'");
        }
        return v;
    }

    private static long number(Map<String, String> f, String name) {
        String v = required(f, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stream entry field '" + name + "' is not a number: '" + v + "'");
        }
    }
}
