package vn.stocktracker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * This writer's row in {@code writer_progress}: the number of the last batch it committed, recorded
 * in the batch's own transaction. After a commit whose outcome the client could not see (the
 * connection broke after COMMIT was sent), {@link #committed} tells whether the batch is in the
 * database, so it is written again only if it is not: exactly once across an outage.
 */
final class WriterProgress {
    private final String writerId = UUID.randomUUID().toString();

    /** Records {@code batchNo} on {@code c}, inside the batch's transaction. */
    void record(Connection c, long batchNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO writer_progress (writer_id, last_batch) VALUES (?, ?)
                ON CONFLICT (writer_id) DO UPDATE SET last_batch = excluded.last_batch, updated_at = now()""")) {
            ps.setString(1, writerId);
            ps.setLong(2, batchNo);
            ps.executeUpdate();
        }
    }

    /** Whether batch {@code batchNo} of this writer committed. */
    boolean committed(Connection c, long batchNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_batch FROM writer_progress WHERE writer_id = ?")) {
            ps.setString(1, writerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) >= batchNo;
            }
        }
    }
}
