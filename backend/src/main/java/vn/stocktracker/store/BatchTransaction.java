package vn.stocktracker.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import vn.stocktracker.market.ProcessorOutput.Row;
import vn.stocktracker.market.ProcessorOutput.TickRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one batch in one transaction: each {@link CopyTable}'s rows with {@code COPY}, the batch's
 * candles where the database does not aggregate them itself, and the batch's number in
 * {@link WriterProgress}. Used by the writer's thread only.
 */
final class BatchTransaction {
    private static final String CANDLES = "candles_1m";

    private final Database db;
    private final List<CopyTable<?>> tables;
    private final WriterProgress progress = new WriterProgress();
    private final CopyText text = new CopyText();
    private final Map<String, Counter> written = new HashMap<>();

    BatchTransaction(Database db, MeterRegistry registry) {
        this.db = db;
        AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1_000);
        this.tables = CopyTable.all(seq::incrementAndGet);
        for (CopyTable<?> t : tables) {
            written.put(t.table(), counter(registry, t.table()));
        }
        written.put(CANDLES, counter(registry, CANDLES));
    }

    private static Counter counter(MeterRegistry registry, String table) {
        return Counter.builder("tracker_store_rows_written").tag("table", table).register(registry);
    }

    /** Whether batch {@code number} committed (asked after a failed attempt whose outcome is unknown). */
    boolean committed(long number) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return progress.committed(c, number);
        }
    }

    void write(List<Row> rows, long number) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                Map<String, Integer> counts = new HashMap<>();
                for (CopyTable<?> table : tables) {
                    counts.put(table.table(), copy(copy, table, rows));
                }
                counts.put(CANDLES, candles(rows).upsert(c));
                progress.record(c, number);
                c.commit();
                counts.forEach((table, n) -> written.get(table).increment(n));
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
                throw e;
            }
        }
    }

    private CandleAggregator candles(List<Row> rows) {
        CandleAggregator candles = new CandleAggregator();
        if (db.candleSource() == Database.CandleSource.TABLE) {
            for (Row r : rows) {
                if (r instanceof TickRow t) {
                    candles.add(t);
                }
            }
        }
        return candles;
    }

    /** COPYs the rows of {@code table}'s kind; returns how many (no COPY when there are none). */
    private int copy(CopyManager copy, CopyTable<?> table, List<Row> rows) throws SQLException {
        int n = 0;
        for (Row r : rows) {
            if (table.holds(r)) {
                if (n++ == 0) {
                    text.begin(copy.copyIn(table.copySql()));
                }
                table.write(text, r);
            }
        }
        if (n > 0) {
            text.end();
        }
        return n;
    }
}
