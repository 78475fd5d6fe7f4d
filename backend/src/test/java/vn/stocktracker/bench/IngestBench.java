package vn.stocktracker.bench;

import vn.stocktracker.market.ProcessorOutput.TickRow;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.store.BatchWriter;
import vn.stocktracker.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticks per second sustained into the database through {@link BatchWriter} (queue, COPY batches,
 * 1-minute candle upserts in the same transaction), against the same rows loaded with a raw
 * {@code \copy} by {@code psql} inside the database container, in the same run, alternating rounds.
 *
 * <p>Usage: {@code IngestBench jdbcUrl user password container [rows] [rounds]} (the password comes
 * from the caller's environment; it is never printed).
 */
public final class IngestBench {
    private static final String[] SYMBOLS = {"ACB", "BCM", "BID", "BVH", "CTG", "FPT", "GAS", "GVR", "HDB", "HPG",
            "LPB", "MBB", "MSN", "MWG", "PLX", "SAB", "SHB", "SSB", "SSI", "STB", "TCB", "TPB", "VCB", "VHM", "VIB",
            "VIC", "VJC", "VNM", "VPB", "VRE"};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String container = args[3];
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 500_000;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        long t0 = Instant.parse("2025-12-01T02:15:00Z").toEpochMilli();
        TickRow[] rows = new TickRow[n];
        for (int i = 0; i < n; i++) {
            String s = SYMBOLS[i % SYMBOLS.length];
            rows[i] = new TickRow(t0 + i, s, 20_000 + (i % 97) * 50L, 100L * (1 + i % 30),
                    i % 3 == 0 ? TradeSide.BUY : i % 3 == 1 ? TradeSide.SELL : TradeSide.NEUTRAL, TradingSession.CONTINUOUS, false);
        }
        Path file = Files.createTempFile("ticks", ".copy");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                TickRow r = rows[i];
                w.write(f.format(Instant.ofEpochMilli(r.ts())) + "+00\t" + r.symbol() + "\t" + r.price() + "\t" + r.volume()
                        + "\t" + (r.side() == TradeSide.BUY ? 'B' : r.side() == TradeSide.SELL ? 'S' : 'N') + "\tcontinuous\t" + i + "\n");
            }
        }
        run("docker", "cp", file.toString(), container + ":/tmp/ingest-bench.copy");
        run("docker", "exec", container, "chmod", "644", "/tmp/ingest-bench.copy");

        Database db = new Database(url, user, password);
        db.migrate();
        double[] writer = new double[rounds];
        double[] raw = new double[rounds];
        for (int r = -1; r < rounds; r++) { // one warm-up round
            truncate(db);
            BatchWriter w = new BatchWriter(db, n + 1, new SimpleMeterRegistry());
            w.start();
            long a = System.nanoTime();
            for (TickRow row : rows) {
                w.tick(row);
            }
            while (w.writtenRows() < n) {
                Thread.sleep(1);
            }
            long b = System.nanoTime();
            w.close(10_000);
            truncate(db);
            double rawMs = psqlCopyMs(container, user);
            if (r >= 0) {
                writer[r] = n / ((b - a) / 1e9);
                raw[r] = n / (rawMs / 1e3);
            }
        }
        truncate(db);
        db.close();
        run("docker", "exec", container, "rm", "-f", "/tmp/ingest-bench.copy");
        Files.delete(file);
        double wm = Stats.median(writer);
        double rm = Stats.median(raw);
        System.out.printf("| ingest, BatchWriter COPY + candles (%d ticks x %d rounds, %s) | %,.0f ticks/s | psql \\copy of the same rows %,.0f ticks/s | %.2f | %s |%n",
                n, rounds, db.timescale().equals("none") ? "plain PostgreSQL" : "TimescaleDB " + db.timescale() + " hypertable",
                wm, rm, wm / rm, Stats.env());
    }

    private static void truncate(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE ticks, candles_1m");
        }
    }

    private static final Pattern TIME = Pattern.compile("Time: ([0-9.]+) ms");

    /** Server-reported time of a psql {@code \copy} of the prepared file, inside the container. */
    private static double psqlCopyMs(String container, String user) throws Exception {
        String out = run("docker", "exec", container, "psql", "-U", user, "-d", "tracker", "-v", "ON_ERROR_STOP=1",
                "-c", "\\timing on",
                "-c", "\\copy ticks (ts, symbol, price, volume, side, session, seq) FROM '/tmp/ingest-bench.copy'");
        Matcher m = TIME.matcher(out);
        double ms = -1;
        while (m.find()) {
            ms = Double.parseDouble(m.group(1));
        }
        if (ms < 0) {
            throw new IllegalStateException("no timing in psql output: " + out);
        }
        return ms;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
