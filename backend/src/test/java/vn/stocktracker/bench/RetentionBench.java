package vn.stocktracker.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import vn.stocktracker.config.RetentionConfig;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.market.alert.AlertConfig;
import vn.stocktracker.source.sim.MarketSimulator;
import vn.stocktracker.store.BatchWriter;
import vn.stocktracker.store.Database;
import vn.stocktracker.store.Retention;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Database size against days of market data: the simulator, at accelerated time, drives the real
 * processor and {@link BatchWriter} (ticks, 1-minute candles, foreign flow, index snapshots, futures,
 * alerts) through {@code days} calendar days ending yesterday, trading sessions of Monday to Friday
 * (09:15-11:30 and 13:00-14:30 Vietnam time); after each day {@link Retention#runOnce()} runs as the
 * backend's hourly run would, and the sizes are read back. Prints one CSV line per day on stdout.
 *
 * <p>Usage: {@code RetentionBench jdbcUrl user days stepsPerSecond rawDays candleDays} (the password in
 * {@code DATABASE_PASSWORD}).
 */
public final class RetentionBench {
    private static final LocalTime[][] SESSIONS = {
            {LocalTime.of(9, 15), LocalTime.of(11, 30)}, {LocalTime.of(13, 0), LocalTime.of(14, 30)}};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = System.getenv("DATABASE_PASSWORD");
        int days = Integer.parseInt(args[2]);
        int stepsPerSecond = Integer.parseInt(args[3]);
        RetentionConfig windows = new RetentionConfig(Integer.parseInt(args[4]), Integer.parseInt(args[5]));

        Database db = new Database(url, user, password);
        db.migrate();
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(days);
        Instruments instruments = Instruments.create(List.of(), first);
        BatchWriter writer = new BatchWriter(db, 1_000_000, new SimpleMeterRegistry());
        writer.start();
        MarketProcessor processor = new MarketProcessor(instruments, writer, AlertConfig.DEFAULTS, true);
        MarketSimulator sim = new MarketSimulator(42, instruments);
        Retention retention = new Retention(db, windows, Clock.systemUTC(), new SimpleMeterRegistry());
        long stepMs = Math.max(1, 1000 / stepsPerSecond);

        System.out.println("day,date,trading,ticks_written,ticks_rows,ticks_chunks,ticks_mb,raw_mb,candles_mb,alerts_mb,database_mb,"
                + "chunks_dropped,write_s,retention_ms");
        long writtenBefore = 0;
        for (int d = 0; d < days; d++) {
            LocalDate date = first.plusDays(d);
            boolean trading = date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
            long t0 = System.nanoTime();
            long ticksBefore = writer.acceptedTicks();
            if (trading) {
                long open = date.atTime(SESSIONS[0][0]).atZone(Instruments.VN).toInstant().toEpochMilli();
                processor.rollDay(open);
                sim.newDay();
                for (LocalTime[] s : SESSIONS) {
                    long from = date.atTime(s[0]).atZone(Instruments.VN).toInstant().toEpochMilli();
                    long to = date.atTime(s[1]).atZone(Instruments.VN).toInstant().toEpochMilli();
                    for (long ts = from; ts < to; ts += stepMs) {
                        sim.step(ts, TradingSession.CONTINUOUS, processor::apply);
                        if ((ts - from) % 60_000 < stepMs) {
                            processor.drainChanges(); // as the pipeline publishes: the changes do not pile up
                            while (writer.queueDepth() > 200_000) {
                                Thread.sleep(5); // let the writer catch up instead of overflowing its queue
                            }
                        }
                    }
                }
                processor.drainChanges();
            }
            long accepted = writer.acceptedRows();
            while (writer.writtenRows() + writer.dropped() < accepted) {
                Thread.sleep(10);
            }
            double writeS = (System.nanoTime() - t0) / 1e9;
            long r0 = System.nanoTime();
            Retention.Outcome out = retention.runOnce();
            long retentionMs = (System.nanoTime() - r0) / 1_000_000;
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE ticks");
                System.out.printf("%d,%s,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.2f,%.1f,%d,%.1f,%d%n", d + 1, date, trading ? "yes" : "no",
                        writer.acceptedTicks() - ticksBefore, count(st, "SELECT count(*) FROM ticks"),
                        count(st, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'ticks'"),
                        mb(st, "SELECT hypertable_size('ticks')"),
                        mb(st, "SELECT hypertable_size('ticks') + hypertable_size('futures_ticks') + hypertable_size('index_snapshots')"
                                + " + hypertable_size('foreign_flow')"),
                        mb(st, "SELECT hypertable_size('candles_1m')"), mb(st, "SELECT hypertable_size('alerts')"),
                        mb(st, "SELECT pg_database_size(current_database())"), out.chunks(), writeS, retentionMs);
            }
            writtenBefore = writer.writtenRows();
        }
        if (writer.dropped() > 0) {
            System.err.println("bench: the writer dropped " + writer.dropped() + " rows (queue full): the sizes are low");
        }
        System.err.println("bench: " + writtenBefore + " rows written in all");
        writer.close(10_000);
        db.close();
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double mb(Statement st, String sql) throws SQLException {
        return count(st, sql) / 1_048_576.0;
    }
}
