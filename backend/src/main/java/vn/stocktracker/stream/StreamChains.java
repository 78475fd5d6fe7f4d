package vn.stocktracker.stream;

import vn.stocktracker.stream.LiveRecord.Cursor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The collector's side of the streams, without Redis: numbers each publish's parts into the chain of
 * its stream ({@code prev}) and remembers where each stream ends. The chain advances even for a
 * publish that could not be written (Redis away), so replicas see the hole and resynchronise.
 */
public final class StreamChains {
    private final long epoch;
    private final Map<StreamChannel, Long> last = new EnumMap<>(StreamChannel.class);
    private final Map<StreamChannel, String> lastId = new EnumMap<>(StreamChannel.class);

    /** A new epoch whose streams go on after {@code ids} (the last entry ids when the epoch starts). */
    public StreamChains(long epoch, Map<StreamChannel, String> ids) {
        this.epoch = epoch;
        for (StreamChannel c : StreamChannel.values()) {
            last.put(c, 0L);
            lastId.put(c, ids.getOrDefault(c, Cursor.START.id()));
        }
    }

    public long epoch() {
        return epoch;
    }

    /** The entries of one publish, in {@link StreamChannel} order; the chain moves on. */
    public List<StreamRecord> next(long seq, long ts, Map<StreamChannel, String> parts) {
        List<StreamRecord> out = new ArrayList<>(parts.size());
        for (Map.Entry<StreamChannel, String> p : parts.entrySet()) {
            long prev = last.get(p.getKey());
            out.add(new StreamRecord(p.getKey(), epoch, seq, prev, parts.size(), ts, p.getValue()));
            last.put(p.getKey(), seq);
        }
        return out;
    }

    /** An entry was written with this id. */
    public void written(StreamChannel c, String id) {
        lastId.put(c, id);
    }

    /** Where replicas loading a snapshot taken now go on reading. */
    public Map<StreamChannel, Cursor> cursors() {
        Map<StreamChannel, Cursor> m = new EnumMap<>(StreamChannel.class);
        for (StreamChannel c : StreamChannel.values()) {
            m.put(c, new Cursor(lastId.get(c), last.get(c)));
        }
        return m;
    }
}
