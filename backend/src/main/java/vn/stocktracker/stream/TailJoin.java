package vn.stocktracker.stream;

import vn.stocktracker.stream.LiveRecord.Cursor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's side of the streams, without Redis: starts from a snapshot's seq and cursors, takes the
 * entries read after them and hands out whole publishes in seq order, each exactly once. An entry that
 * does not continue its stream's chain (trimmed away, never written, another collector's epoch) makes
 * the join {@linkplain #broken() broken}: the replica loads the snapshot again.
 */
public final class TailJoin {
    /** Publishes waiting for their parts beyond this many mean something was lost. */
    static final int MAX_PENDING = 10_000;

    private final long epoch;
    private long seq;
    private final Map<StreamChannel, Cursor> cursors = new EnumMap<>(StreamChannel.class);
    private final TreeMap<Long, Map<StreamChannel, StreamRecord>> pending = new TreeMap<>();
    private String broken;

    /** One whole publish: its seq, exchange time and parts. */
    public record Publish(long seq, long ts, Map<StreamChannel, String> parts) {
    }

    public TailJoin(long epoch, long seq, Map<StreamChannel, Cursor> from) {
        this.epoch = epoch;
        this.seq = seq;
        for (StreamChannel c : StreamChannel.values()) {
            cursors.put(c, from.getOrDefault(c, Cursor.START));
        }
    }

    public static TailJoin of(LiveRecord r) {
        return new TailJoin(r.epoch(), r.seq(), r.cursors());
    }

    /** The seq of the last publish handed out (or the snapshot's). */
    public long seq() {
        return seq;
    }

    public long epoch() {
        return epoch;
    }

    /** The id to read each stream after. */
    public Map<StreamChannel, String> readFrom() {
        Map<StreamChannel, String> m = new EnumMap<>(StreamChannel.class);
        cursors.forEach((c, cur) -> m.put(c, cur.id()));
        return m;
    }

    /** Why the join cannot go on (null while it can). */
    public String broken() {
        return broken;
    }

    /** Takes the entry read after the cursor of its stream. */
    public void offer(String id, StreamRecord r) {
        if (broken != null) {
            return;
        }
        Cursor at = cursors.get(r.channel());
        if (r.epoch() != epoch) {
            broken = "stream " + r.channel().wire() + " has an entry of collector epoch " + r.epoch() + " (following " + epoch + ")";
            return;
        }
        if (r.prev() != at.seq()) {
            broken = "stream " + r.channel().wire() + " misses entries between seq " + at.seq() + " and " + r.seq()
                    + " (trimmed or not published)";
            return;
        }
        cursors.put(r.channel(), new Cursor(id, r.seq()));
        if (r.seq() <= seq) {
            return; // included in the snapshot already
        }
        pending.computeIfAbsent(r.seq(), k -> new EnumMap<>(StreamChannel.class)).put(r.channel(), r);
        if (pending.size() > MAX_PENDING) {
            broken = "more than " + MAX_PENDING + " publishes wait for a part after seq " + seq;
        }
    }

    /**
     * Compares with the collector's latest record: another epoch breaks the join; so does a record past
     * this join's seq when whatever it lacks up to that seq cannot arrive any more: either this join has
     * read beyond the record's cursors in every stream, or {@code readToEnd} (every stream was read to
     * its end after the record was fetched: the record's entries were written before it, so what is not
     * there was trimmed or never written).
     */
    public void check(LiveRecord latest, boolean readToEnd) {
        if (broken != null) {
            return;
        }
        if (latest.epoch() != epoch) {
            broken = "a new collector (epoch " + latest.epoch() + ") took over from epoch " + epoch;
            return;
        }
        if (latest.seq() <= seq) {
            return;
        }
        if (!readToEnd) {
            for (StreamChannel c : StreamChannel.values()) {
                if (compareIds(cursors.get(c).id(), latest.cursors().get(c).id()) < 0) {
                    return; // not read that far yet
                }
            }
        }
        broken = "publish " + (seq + 1) + " never arrived although the streams were read past the collector's seq "
                + latest.seq();
    }

    /** Orders two stream ids ({@code ms-n}). */
    static int compareIds(String a, String b) {
        long[] x = parseId(a);
        long[] y = parseId(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    private static long[] parseId(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new long[] {Long.parseLong(id), 0}
                : new long[] {Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10)};
    }

    /** The publishes now complete and next in order, each handed out once. */
    public List<Publish> drain() {
        List<Publish> out = new ArrayList<>();
        while (broken == null && !pending.isEmpty()) {
            Map.Entry<Long, Map<StreamChannel, StreamRecord>> first = pending.firstEntry();
            Map<StreamChannel, StreamRecord> parts = first.getValue();
            StreamRecord any = parts.values().iterator().next();
            if (parts.size() < any.parts()) {
                break; // its other parts are in streams not read that far yet
            }
            if (first.getKey() != seq + 1) {
                break; // an earlier one may still be unread in another stream ({@link #check} decides)
            }
            pending.pollFirstEntry();
            Map<StreamChannel, String> data = new EnumMap<>(StreamChannel.class);
            parts.forEach((c, r) -> data.put(c, r.data()));
            seq = first.getKey();
            out.add(new Publish(seq, any.ts(), data));
        }
        return out;
    }
}
