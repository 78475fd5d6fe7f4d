package vn.stocktracker.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.source.SourceStatus;

import java.util.EnumMap;
import java.util.Map;

/**
 * The collector's full state in Redis (key {@value #KEY}, no expiry), written about once a second: the
 * market at {@code seq} and, per stream, where a replica that loads it goes on reading.
 *
 * @param epoch       the collector's fencing token
 * @param seq         the sequence number of the last publish the snapshot includes
 * @param cursors     per stream: the id of its last entry written before the snapshot and the seq that
 *                    entry's successor names as {@code prev}
 * @param collector   the collector's replica id
 * @param source      the collector's market source ({@code simulated}, {@code ssi}...)
 * @param status      the source's status, as the collector sees it
 * @param publishedMs wall-clock time of this write (a replica calls a collector gone when it stops)
 * @param snapshot    the market
 */
public record LiveRecord(long epoch, long seq, Map<StreamChannel, Cursor> cursors, String collector, String source,
                         SourceStatus status, long publishedMs, MarketSnapshot snapshot) {
    public static final String KEY = "tracker:live";

    /** Where a stream is read from: after entry {@code id}, whose seq (in the stream's chain) is {@code seq}. */
    public record Cursor(String id, long seq) {
        public static final Cursor START = new Cursor("0-0", 0);
    }

    public LiveRecord {
        Map<StreamChannel, Cursor> all = new EnumMap<>(StreamChannel.class);
        for (StreamChannel c : StreamChannel.values()) {
            all.put(c, cursors == null ? Cursor.START : cursors.getOrDefault(c, Cursor.START));
        }
        cursors = Map.copyOf(all);
    }

    public String encode(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the live record", e);
        }
    }

    public static LiveRecord decode(String text, ObjectMapper json) {
        try {
            return json.readValue(text, LiveRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + KEY + ": " + e.getOriginalMessage(), e);
        }
    }
}
