package vn.stocktracker.source.ssi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.Bar;
import vn.stocktracker.market.Instrument;
import vn.stocktracker.market.Instruments;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * After a restart with {@code MARKET_SOURCE=ssi}: the minutes of today that passed while the tracker was
 * down have no candle (no tick was stored for them). This asks SSI's {@code IntradayOhlc} for today's
 * 1-minute bars of every tracked stock and futures contract and hands them to the store, which inserts
 * the minutes that have no candle and start before the stream's first connection (from then on live ticks
 * build them). Runs once, on its own virtual thread, after the first connection; a symbol that fails is
 * retried once and then logged, never stopping the others or the stream.
 */
final class SsiCandleBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(SsiCandleBackfill.class);
    private static final Duration STORE_WAIT = Duration.ofMinutes(2);

    /** The outcome, for the log line and tests. */
    record Result(LocalDate day, long beforeMs, int symbols, int bars, int inserted, List<String> failed) {
    }

    private final SsiRestClient rest;
    private final Instruments instruments;
    private final SsiSource.CandleStore candles;
    private final BooleanSupplier storeReady;

    SsiCandleBackfill(SsiRestClient rest, Instruments instruments, SsiSource.CandleStore candles, BooleanSupplier storeReady) {
        this.rest = rest;
        this.instruments = instruments;
        this.candles = candles;
        this.storeReady = storeReady;
    }

    /** Fills today's minutes before {@code firstLiveMs} (the minute of the stream's first connection). */
    Result run(long firstLiveMs) throws InterruptedException {
        long beforeMs = firstLiveMs - Math.floorMod(firstLiveMs, 60_000L);
        LocalDate day = Instant.ofEpochMilli(beforeMs).atZone(Instruments.VN).toLocalDate();
        List<String> symbols = new ArrayList<>();
        instruments.stocks().forEach(i -> symbols.add(i.symbol()));
        instruments.ofType(Instrument.Type.FUTURES).forEach(i -> symbols.add(i.symbol()));
        if (!awaitStore()) {
            LOG.warn("SSI candle back-fill skipped: the database was not ready within {} s", STORE_WAIT.toSeconds());
            return new Result(day, beforeMs, symbols.size(), 0, 0, symbols);
        }
        long started = System.nanoTime();
        int bars = 0;
        int inserted = 0;
        List<String> failed = new ArrayList<>();
        for (String symbol : symbols) {
            try {
                List<Bar> today = fetch(symbol, day);
                bars += today.size();
                inserted += candles.insertMissing(today, beforeMs);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed.add(symbol);
                LOG.warn("SSI candle back-fill of {}: {}; its earlier minutes stay without candles", symbol, e.getMessage());
            }
        }
        LOG.info("SSI candle back-fill for {} before {}: {} symbols, {} one-minute bars from IntradayOhlc, {} missing "
                        + "minutes filled{} ({} ms)", day, LocalTime.ofInstant(Instant.ofEpochMilli(beforeMs), Instruments.VN),
                symbols.size(), bars, inserted, failed.isEmpty() ? "" : ", failed: " + failed,
                (System.nanoTime() - started) / 1_000_000);
        return new Result(day, beforeMs, symbols.size(), bars, inserted, List.copyOf(failed));
    }

    private List<Bar> fetch(String symbol, LocalDate day) throws IOException, SsiAuthException, InterruptedException {
        List<OhlcBar> bars;
        try {
            bars = rest.intradayOhlc(symbol, day, day);
        } catch (IOException e) {
            // one more try: a transient error should not leave a whole symbol without its morning
            Thread.sleep(500);
            bars = rest.intradayOhlc(symbol, day, day);
        }
        List<Bar> out = new ArrayList<>(bars.size());
        for (OhlcBar b : bars) {
            out.add(new Bar(b.symbol(), b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume()));
        }
        return out;
    }

    private boolean awaitStore() throws InterruptedException {
        long deadline = System.nanoTime() + STORE_WAIT.toNanos();
        while (!storeReady.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }
}
