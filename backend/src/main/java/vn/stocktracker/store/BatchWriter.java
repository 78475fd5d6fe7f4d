package vn.stocktracker.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.ProcessorOutput.Row;
import vn.stocktracker.market.ProcessorOutput.TickRow;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes processor rows to the database in batches: rows go into a bounded queue (never blocking the
 * processor; overflow is counted), one thread drains it and writes each batch with {@code COPY} into
 * each table in one transaction ({@link BatchTransaction}). A failed batch is kept and retried with backoff until the database is
 * back, so an accepted row is written or, at shutdown with the database still down, counted as
 * unwritten by {@link #close(long)} (the batch being retried included). Exactly once across an outage:
 * see {@link WriterProgress}.
 */
public final class BatchWriter implements ProcessorOutput, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    static final int MAX_BATCH = 50_000;
    private static final String NOT_CONNECTED = "not connected yet";

    private final Database db;
    private final BlockingQueue<Row> queue;
    private final BatchTransaction store;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicatesAvoided = new AtomicLong();
    private final AtomicLong writtenRows = new AtomicLong();
    private final Counter droppedCounter;
    private final Timer writeTimer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy;
    private volatile String lastError = NOT_CONNECTED;
    private volatile long acceptedRows;
    private volatile long acceptedTicks;
    /** Rows accepted and not yet committed: in the queue or in the batch being written or retried. */
    private final AtomicInteger uncommitted = new AtomicInteger();

    /** A batch taken off the queue; {@code outcomeUnknown} after a failed attempt (it may have committed). */
    private static final class Batch {
        final List<Row> rows;
        final long number;
        boolean outcomeUnknown;

        Batch(List<Row> rows, long number) {
            this.rows = rows;
            this.number = number;
        }
    }

    public BatchWriter(Database db, int capacity, MeterRegistry registry) {
        this.db = db;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.store = new BatchTransaction(db, registry);
        this.droppedCounter = Counter.builder("tracker_store_queue_dropped").register(registry);
        this.writeTimer = Timer.builder("tracker_store_write").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("tracker_store_queue_depth", queue, BlockingQueue::size);
        // what an outage report compares with the table: ticks taken for writing, and rows not committed yet
        FunctionCounter.builder("tracker_store_rows_accepted", this, BatchWriter::acceptedTicks).tag("table", "ticks")
                .description("tick rows accepted into the write queue (written later, or unwritten at a crash)").register(registry);
        registry.gauge("tracker_store_rows_uncommitted", uncommitted, AtomicInteger::get);
        this.thread = Thread.ofPlatform().name("db-writer").daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    // ---- ProcessorOutput: called on the processor thread, never blocks ----

    private void offer(Row row) {
        if (running && queue.offer(row)) {
            uncommitted.incrementAndGet();
            acceptedRows++;
            if (row instanceof TickRow) {
                acceptedTicks++;
            }
        } else {
            dropped.incrementAndGet();
            droppedCounter.increment();
        }
    }

    // one line each: every kind of row takes the same way into the queue
    @Override public void tick(TickRow row) { offer(row); }
    @Override public void foreign(ForeignRow row) { offer(row); }
    @Override public void index(IndexRow row) { offer(row); }
    @Override public void futures(FuturesRow row) { offer(row); }
    @Override public void alert(AlertRow row) { offer(row); }

    // ---- state for health and metrics ----

    public boolean healthy() {
        return healthy;
    }

    public String lastError() {
        return lastError;
    }

    public int queueDepth() {
        return queue.size();
    }

    /** Rows lost to a full queue (or offered after close) since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Rows accepted into the queue (written, or waiting to be), all tables. */
    public long acceptedRows() {
        return acceptedRows;
    }

    /** Tick rows accepted into the queue. */
    public long acceptedTicks() {
        return acceptedTicks;
    }

    public long writtenRows() {
        return writtenRows.get();
    }

    /** Failed commits that had in fact committed, found before writing their batch again. */
    public long duplicatesAvoided() {
        return duplicatesAvoided.get();
    }

    // ---- the writer thread ----

    private void run() {
        Batch batch = null;
        long batchNo = 0;
        long backoff = 250;
        while (running || !queue.isEmpty() || batch != null) {
            try {
                if (batch == null) {
                    batch = take(batchNo + 1);
                    if (batch == null) {
                        continue;
                    }
                    batchNo = batch.number;
                }
                writeOnce(batch);
                uncommitted.addAndGet(-batch.rows.size());
                batch = null;
                succeeded();
                backoff = 250;
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Exception e) {
                batch.outcomeUnknown = true;
                failed(batch, e);
                if (!running) {
                    break; // shutting down with the database unreachable: give up (counted below)
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 4_000);
            }
        }
        int left = uncommitted.get();
        if (left > 0) {
            LOG.warn("{} rows not written at shutdown: {}", left, lastError);
        }
    }

    /** The next batch, or null when nothing arrived within 100 ms. */
    private Batch take(long number) throws InterruptedException {
        Row first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        rows.add(first);
        queue.drainTo(rows, MAX_BATCH - 1);
        return new Batch(rows, number);
    }

    /** One attempt: the schema once, then the batch (unless a failed attempt had in fact committed it). */
    private void writeOnce(Batch batch) throws SQLException {
        if (!db.migrated()) {
            db.migrate();
        }
        long t0 = System.nanoTime();
        if (batch.outcomeUnknown && store.committed(batch.number)) {
            duplicatesAvoided.incrementAndGet();
            LOG.info("batch {} ({} rows) was committed although its commit reported an error; not writing it again",
                    batch.number, batch.rows.size());
        } else {
            store.write(batch.rows, batch.number);
        }
        writeTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        writtenRows.addAndGet(batch.rows.size());
    }

    private void succeeded() {
        if (!healthy) {
            LOG.info("database writes {}", lastError.equals(NOT_CONNECTED) ? "started" : "resumed");
        }
        healthy = true;
        lastError = "";
    }

    private void failed(Batch batch, Exception e) {
        String message = oneLine(e);
        if (healthy || !message.equals(lastError)) {
            LOG.warn("database write failed, {} rows kept for retry: {}", batch.rows.size(), message);
        }
        healthy = false;
        lastError = message;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Stops accepting rows and flushes what is queued, waiting at most {@code timeoutMs}. Returns the
     * number of rows left unwritten: the queue and the batch being written or retried (0 on a clean
     * flush).
     */
    public int close(long timeoutMs) {
        running = false;
        try {
            thread.join(timeoutMs);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return uncommitted.get(); // also right when the thread is still stuck in a database call
    }

    @Override
    public void close() {
        close(5_000);
    }
}
