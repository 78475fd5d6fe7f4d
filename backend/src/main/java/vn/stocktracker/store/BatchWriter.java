package vn.stocktracker.store;

import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.TradeSide;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes processor rows to the database in batches: rows go into a bounded queue (never blocking the
 * processor; overflow is counted), one thread drains it and writes each batch with {@code COPY} in one
 * transaction, together with the 1-minute candle upserts for the ticks in it. A failed batch is kept
 * and retried with backoff until the database is back, so an accepted row is written or, at shutdown
 * with the database still down, reported as unwritten. Each batch transaction also records its number
 * in {@code writer_progress}; before writing a failed batch again the writer looks there, so a batch
 * whose COMMIT reached the server although the client saw an error is not written twice.
 */
public final class BatchWriter implements ProcessorOutput, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    static final int MAX_BATCH = 50_000;

    private final Database db;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1_000);
    /** This process's writer in {@code writer_progress}. */
    private final String writerId = java.util.UUID.randomUUID().toString();
    private final AtomicLong duplicatesAvoided = new AtomicLong();
    private final Map<String, Counter> written = new HashMap<>();
    private final Counter droppedCounter;
    private final Timer writeTimer;
    private final CopyText text = new CopyText();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy;
    private volatile String lastError = "not connected yet";
    private volatile long acceptedRows;
    private volatile long acceptedTicks;
    private final AtomicLong writtenRows = new AtomicLong();

    public BatchWriter(Database db, int capacity, MeterRegistry registry) {
        this.db = db;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (String t : List.of("ticks", "foreign_flow", "index_snapshots", "futures_ticks", "candles_1m")) {
            written.put(t, Counter.builder("tracker_store_rows_written").tag("table", t).register(registry));
        }
        this.droppedCounter = Counter.builder("tracker_store_queue_dropped").register(registry);
        this.writeTimer = Timer.builder("tracker_store_write").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("tracker_store_queue_depth", queue, BlockingQueue::size);
        this.thread = Thread.ofPlatform().name("db-writer").daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    // ---- ProcessorOutput: called on the processor thread, never blocks ----

    private void offer(Object row) {
        if (queue.offer(row)) {
            acceptedRows++;
        } else {
            dropped.incrementAndGet();
            droppedCounter.increment();
        }
    }

    @Override
    public void tick(TickRow row) {
        if (queue.offer(row)) {
            acceptedRows++;
            acceptedTicks++;
        } else {
            dropped.incrementAndGet();
            droppedCounter.increment();
        }
    }

    @Override
    public void foreign(ForeignRow row) {
        offer(row);
    }

    @Override
    public void index(IndexRow row) {
        offer(row);
    }

    @Override
    public void futures(FuturesRow row) {
        offer(row);
    }

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
        List<Object> batch = new ArrayList<>();
        long batchNo = 0;
        boolean failed = false; // the current batch's last attempt failed: its outcome may be unknown
        long backoff = 250;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    batchNo++;
                    failed = false;
                }
                db.migrate();
                long t0 = System.nanoTime();
                if (failed && committed(batchNo)) {
                    duplicatesAvoided.incrementAndGet();
                    LOG.info("batch {} ({} rows) was committed although its commit reported an error; not writing it again", batchNo, batch.size());
                } else {
                    write(batch, batchNo);
                }
                writeTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                writtenRows.addAndGet(batch.size());
                batch.clear();
                failed = false;
                if (!healthy) {
                    LOG.info("database writes {}", lastError.equals("not connected yet") ? "started" : "resumed");
                }
                healthy = true;
                lastError = "";
                backoff = 250;
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Exception e) {
                failed = true;
                if (healthy || !oneLine(e).equals(lastError)) {
                    LOG.warn("database write failed, {} rows kept for retry: {}", batch.size(), oneLine(e));
                }
                healthy = false;
                lastError = oneLine(e);
                if (!running) {
                    break; // shutting down with the database unreachable: give up (reported by close)
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 4_000);
            }
        }
        int left = batch.size() + queue.size();
        if (left > 0) {
            LOG.warn("{} rows not written at shutdown: {}", left, lastError);
        }
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

    private static final String COPY_TICKS = "COPY ticks (ts, symbol, price, volume, side, session, seq) FROM STDIN";
    private static final String COPY_FOREIGN = "COPY foreign_flow (ts, symbol, buy_vol, sell_vol, buy_val, sell_val,"
            + " delta_buy_vol, delta_sell_vol, current_room) FROM STDIN";
    private static final String COPY_INDEX = "COPY index_snapshots (ts, symbol, value, change, total_qtty, total_value,"
            + " advances, no_changes, declines) FROM STDIN";
    private static final String COPY_FUTURES = "COPY futures_ticks (ts, symbol, price, volume, index_value, basis) FROM STDIN";

    /** Whether batch {@code batchNo} of this writer is in the database (its transaction committed). */
    private boolean committed(long batchNo) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT last_batch FROM writer_progress WHERE writer_id = ?")) {
            ps.setString(1, writerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) >= batchNo;
            }
        }
    }

    private void write(List<Object> batch, long batchNo) throws SQLException {
        int nT = 0;
        int nF = 0;
        int nI = 0;
        int nX = 0;
        for (Object o : batch) {
            switch (o) {
                case TickRow t -> nT++;
                case ForeignRow f -> nF++;
                case IndexRow i -> nI++;
                case FuturesRow x -> nX++;
                default -> throw new IllegalStateException("unexpected row " + o.getClass());
            }
        }
        Map<CandleKey, Candle> candles = new HashMap<>();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                if (nT > 0) {
                    text.begin(copy.copyIn(COPY_TICKS));
                    for (Object o : batch) {
                        if (o instanceof TickRow t) {
                            writeTick(t);
                            long minute = t.ts() - Math.floorMod(t.ts(), 60_000L);
                            candles.computeIfAbsent(new CandleKey(t.symbol(), minute, t.futures()), k -> new Candle()).add(t);
                        }
                    }
                    text.end();
                }
                if (nF > 0) {
                    text.begin(copy.copyIn(COPY_FOREIGN));
                    for (Object o : batch) {
                        if (o instanceof ForeignRow f) {
                            writeForeign(f);
                        }
                    }
                    text.end();
                }
                if (nI > 0) {
                    text.begin(copy.copyIn(COPY_INDEX));
                    for (Object o : batch) {
                        if (o instanceof IndexRow i) {
                            writeIndex(i);
                        }
                    }
                    text.end();
                }
                if (nX > 0) {
                    text.begin(copy.copyIn(COPY_FUTURES));
                    for (Object o : batch) {
                        if (o instanceof FuturesRow x) {
                            writeFutures(x);
                        }
                    }
                    text.end();
                }
                int nC = 0;
                if (!candles.isEmpty() && db.candleSource() == Database.CandleSource.TABLE) {
                    nC = upsertCandles(c, candles);
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO writer_progress (writer_id, last_batch) VALUES (?, ?)
                        ON CONFLICT (writer_id) DO UPDATE SET last_batch = excluded.last_batch, updated_at = now()""")) {
                    ps.setString(1, writerId);
                    ps.setLong(2, batchNo);
                    ps.executeUpdate();
                }
                c.commit();
                written.get("ticks").increment(nT);
                written.get("foreign_flow").increment(nF);
                written.get("index_snapshots").increment(nI);
                written.get("futures_ticks").increment(nX);
                written.get("candles_1m").increment(nC);
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

    private void writeTick(TickRow t) throws SQLException {
        text.timestamp(t.ts());
        text.tab();
        text.text(t.symbol());
        text.tab();
        if (t.futures()) {
            text.hundredths(t.price());
        } else {
            text.number(t.price());
        }
        text.tab();
        text.number(t.volume());
        text.tab();
        text.ch(sideCode(t.side()));
        text.tab();
        text.text(t.session() == null ? "unknown" : SESSION_NAMES[t.session().ordinal()]);
        text.tab();
        text.number(seq.incrementAndGet());
        text.endRow();
    }

    private static final String[] SESSION_NAMES = java.util.Arrays.stream(vn.stocktracker.market.TradingSession.values())
            .map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private void writeForeign(ForeignRow f) throws SQLException {
        text.timestamp(f.ts());
        text.tab();
        text.text(f.symbol());
        for (long v : new long[] {f.buyVol(), f.sellVol(), f.buyVal(), f.sellVal(), f.deltaBuyVol(), f.deltaSellVol(), f.currentRoom()}) {
            text.tab();
            text.number(v);
        }
        text.endRow();
    }

    private void writeIndex(IndexRow i) throws SQLException {
        text.timestamp(i.ts());
        text.tab();
        text.text(i.symbol());
        text.tab();
        text.number(i.value());
        text.tab();
        text.number(i.change());
        text.tab();
        text.number(i.totalQtty());
        text.tab();
        text.number(i.totalValue());
        text.tab();
        text.number(i.advances());
        text.tab();
        text.number(i.noChanges());
        text.tab();
        text.number(i.declines());
        text.endRow();
    }

    private void writeFutures(FuturesRow x) throws SQLException {
        text.timestamp(x.ts());
        text.tab();
        text.text(x.symbol());
        text.tab();
        text.number(x.price());
        text.tab();
        text.number(x.volume());
        text.tab();
        text.number(x.indexValue());
        text.tab();
        text.number(x.basis());
        text.endRow();
    }

    private static char sideCode(TradeSide s) {
        return switch (s) {
            case BUY -> 'B';
            case SELL -> 'S';
            default -> 'N';
        };
    }

    private static int upsertCandles(Connection c, Map<CandleKey, Candle> candles) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO candles_1m AS c (symbol, bucket, open, high, low, close, volume, first_ts, last_ts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, bucket) DO UPDATE SET
                  open = CASE WHEN EXCLUDED.first_ts < c.first_ts THEN EXCLUDED.open ELSE c.open END,
                  close = CASE WHEN EXCLUDED.last_ts >= c.last_ts THEN EXCLUDED.close ELSE c.close END,
                  high = GREATEST(c.high, EXCLUDED.high),
                  low = LEAST(c.low, EXCLUDED.low),
                  volume = c.volume + EXCLUDED.volume,
                  first_ts = LEAST(c.first_ts, EXCLUDED.first_ts),
                  last_ts = GREATEST(c.last_ts, EXCLUDED.last_ts)""")) {
            for (Map.Entry<CandleKey, Candle> e : candles.entrySet()) {
                CandleKey k = e.getKey();
                Candle v = e.getValue();
                ps.setString(1, k.symbol());
                ps.setObject(2, odt(k.minute()));
                ps.setBigDecimal(3, price(v.open, k.futures()));
                ps.setBigDecimal(4, price(v.high, k.futures()));
                ps.setBigDecimal(5, price(v.low, k.futures()));
                ps.setBigDecimal(6, price(v.close, k.futures()));
                ps.setLong(7, v.volume);
                ps.setObject(8, odt(v.firstTs));
                ps.setObject(9, odt(v.lastTs));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return candles.size();
    }

    private static java.math.BigDecimal price(long p, boolean futures) {
        return futures ? java.math.BigDecimal.valueOf(p, 2) : java.math.BigDecimal.valueOf(p);
    }

    private static OffsetDateTime odt(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }

    private record CandleKey(String symbol, long minute, boolean futures) {
    }

    /** One minute of one symbol within a batch; ties in time keep arrival order. */
    private static final class Candle {
        long open;
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long close;
        long volume;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;

        void add(TickRow t) {
            if (t.ts() < firstTs) {
                firstTs = t.ts();
                open = t.price();
            }
            if (t.ts() >= lastTs) {
                lastTs = t.ts();
                close = t.price();
            }
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            volume += t.volume();
        }
    }

    /**
     * Stops accepting work and flushes what is queued, waiting at most {@code timeoutMs}. Returns the
     * number of rows left unwritten (0 on a clean flush).
     */
    public int close(long timeoutMs) {
        running = false;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        return queue.size();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
