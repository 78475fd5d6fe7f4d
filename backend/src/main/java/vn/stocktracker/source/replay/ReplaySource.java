package vn.stocktracker.source.replay;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.MarketEventSink;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;
import vn.stocktracker.source.SourceThread;
import vn.stocktracker.source.ssi.FrameLog;
import vn.stocktracker.source.ssi.SsiFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code MARKET_SOURCE=replay}: plays a recorded SSI session (raw SignalR frames with receive times,
 * {@link FrameLog} format) through the same decoder as the live client, at the recorded pace times
 * {@code REPLAY_SPEED} (or as fast as possible). Events keep the exchange times written in the frames.
 * At the end the state is {@code stopped} ("replay finished"), or it starts again with
 * {@code REPLAY_LOOP=true}. A missing or unreadable file is state {@code failed}; an unreadable line or
 * frame is counted and skipped.
 */
public final class ReplaySource implements MarketDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    private final ReplayConfig config;
    private final Clock clock;
    private final SsiFrameDecoder decoder;
    private final Object deliver = new Object();
    private final SourceThread thread = new SourceThread("replay-source");
    private volatile SourceState state = SourceState.NEW;
    private volatile String detail = "";
    private volatile long eventsOut;
    private volatile long lastEventMs;
    private volatile long frames;
    private volatile long badLines;
    private volatile int passes;
    private MarketEventSink sink;

    public ReplaySource(ReplayConfig config, Instruments instruments, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.decoder = new SsiFrameDecoder(instruments::contains, clock);
    }

    @Override
    public String name() {
        return "replay";
    }

    /** Frames played so far. */
    public long frames() {
        return frames;
    }

    /** Lines that were not {@code millis TAB frame} plus frames the decoder could not read. */
    public long skipped() {
        return badLines + decoder.counters().malformedFrames;
    }

    @Override
    public void start(MarketEventSink sink) {
        thread.start(() -> {
            this.sink = sink;
            state = SourceState.CONNECTING;
            detail = "opening " + config.file();
        }, this::run);
    }

    @Override
    public void stop() {
        thread.stop(Duration.ofMillis(1500));
        synchronized (deliver) {
            if (state != SourceState.FAILED) {
                state = SourceState.STOPPED;
                if (!detail.startsWith("replay finished")) {
                    detail = "stopped";
                }
            }
        }
    }

    @Override
    public SourceStatus status() {
        String d = detail;
        long skipped = skipped();
        if (skipped > 0) {
            d = d + "; " + skipped + " malformed frames skipped";
        }
        return new SourceStatus(state, d, eventsOut, lastEventMs);
    }

    private void run() {
        try {
            do {
                playOnce();
                passes++;
            } while (thread.running() && config.loop());
            if (thread.running()) {
                synchronized (deliver) {
                    state = SourceState.STOPPED;
                    detail = "replay finished: " + frames + " frames, " + eventsOut + " events from " + config.file();
                }
                LOG.info("{}", detail);
            }
        } catch (NoSuchFileException e) {
            fail("REPLAY_FILE: " + config.file() + " does not exist; record one with SSI_RECORD_FILE or use "
                    + "backend/src/test/resources/replay/standin-session.ssi");
        } catch (IOException e) {
            fail("REPLAY_FILE: cannot read " + config.file() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void fail(String message) {
        LOG.error("{}", message);
        synchronized (deliver) {
            state = SourceState.FAILED;
            detail = message;
        }
    }

    private void playOnce() throws IOException, InterruptedException {
        try (BufferedReader in = Files.newBufferedReader(config.file(), StandardCharsets.UTF_8)) {
            synchronized (deliver) {
                if (!thread.running()) {
                    return;
                }
                state = SourceState.STREAMING;
                detail = "replaying " + config.file() + (config.speed() == 0 ? " at max speed" : " at " + config.speed() + "x")
                        + (passes > 0 ? " (pass " + (passes + 1) + ")" : "");
            }
            if (passes > 0) {
                decoder.reseed();
            }
            long firstRecorded = Long.MIN_VALUE;
            long startNanos = System.nanoTime();
            String line;
            int lineNo = 0;
            while (thread.running() && (line = in.readLine()) != null) {
                lineNo++;
                FrameLog.Entry e;
                try {
                    e = FrameLog.parse(line);
                } catch (IllegalArgumentException ex) {
                    if (badLines++ < 3) {
                        LOG.warn("REPLAY_FILE {} line {}: {}; skipped", config.file(), lineNo, ex.getMessage());
                    }
                    continue;
                }
                if (e == null) {
                    continue;
                }
                if (firstRecorded == Long.MIN_VALUE) {
                    firstRecorded = e.receivedMs();
                }
                pace(startNanos, e.receivedMs() - firstRecorded);
                play(e.frame());
            }
        }
    }

    /** Sleeps until {@code offsetMs} of recorded time (divided by the speed) has passed since the start. */
    private void pace(long startNanos, long offsetMs) throws InterruptedException {
        if (config.speed() == 0 || offsetMs <= 0) {
            return;
        }
        long due = startNanos + (long) (offsetMs * 1_000_000L / config.speed());
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }

    private void play(String frame) {
        synchronized (deliver) {
            if (!thread.running()) {
                return;
            }
            frames++;
            decoder.decode(frame, this::emit);
        }
    }

    private void emit(MarketEvent e) {
        sink.accept(e);
        eventsOut++;
        lastEventMs = clock.millis();
    }
}
