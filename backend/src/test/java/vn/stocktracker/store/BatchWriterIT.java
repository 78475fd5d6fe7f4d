package vn.stocktracker.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.stocktracker.it.Services;
import vn.stocktracker.market.ProcessorOutput.TickRow;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.testing.Await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer against a real TimescaleDB: what {@link BatchWriter#close(long)} reports as unwritten
 * includes the batch it was holding (taken off the queue, not yet committed), and the schema is
 * migrated once, not on every pass of the writer's loop.
 */
class BatchWriterIT {
    private static Services services;

    @BeforeAll
    static void start() {
        services = new Services();
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    private static TickRow tick(long ts, long price) {
        return new TickRow(ts, "FPT", price, 100, TradeSide.BUY, TradingSession.CONTINUOUS, false);
    }

    private static long rows(String table) throws Exception {
        try (Connection c = services.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void closeCountsTheBatchInFlightWhenTheDatabaseIsDown() throws Exception {
        Database db = new Database(services.jdbcUrl(), Services.DB_USER, services.dbPassword());
        BatchWriter writer = new BatchWriter(db, 10_000, new SimpleMeterRegistry());
        try {
            writer.start();
            long t0 = 1_764_555_300_000L;
            for (int i = 0; i < 100; i++) {
                writer.tick(tick(t0 + i, 118_000 + i));
            }
            Await.until(Duration.ofSeconds(60), "100 rows written", () -> writer.writtenRows() == 100);
            long before = rows("ticks");

            services.stopDatabase();
            for (int i = 0; i < 500; i++) {
                writer.tick(tick(t0 + 1_000 + i, 118_000));
            }
            // the writer takes rows into a batch that cannot commit: the attempt fails and is retried, or hangs on
            // a connection the stop left half-open until close gives up; either way those rows are not in the queue
            Await.until(Duration.ofSeconds(30), () -> "a batch taken off the queue (queue " + writer.queueDepth() + ")",
                    () -> writer.queueDepth() < 500);
            assertThat(writer.writtenRows()).isEqualTo(100);
            int unwritten = writer.close(1_000);
            assertThat(unwritten).as("rows reported unwritten at close").isEqualTo(500);
            services.startDatabase();
            assertThat(rows("ticks")).isEqualTo(before);
        } finally {
            writer.close(1_000);
            db.close();
            if (!services.databaseRunning()) {
                services.startDatabase();
            }
        }
    }

    @Test
    void theSchemaIsMigratedOnceNotOnEveryBatch() throws Exception {
        Database db = new Database(services.jdbcUrl(), Services.DB_USER, services.dbPassword());
        BatchWriter writer = new BatchWriter(db, 10_000, new SimpleMeterRegistry());
        try {
            writer.start();
            long t0 = 1_764_555_400_000L;
            for (int batch = 0; batch < 20; batch++) {
                writer.tick(tick(t0 + batch, 118_000));
                int written = batch + 1;
                Await.until(Duration.ofSeconds(60), "batch " + written + " written", () -> writer.writtenRows() == written);
            }
            assertThat(db.migrateCalls()).as("calls of Database.migrate() for 20 batches").isEqualTo(1);
        } finally {
            writer.close(1_000);
            db.close();
        }
    }
}
