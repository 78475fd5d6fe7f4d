package vn.stocktracker.source.ssi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.source.MarketEventSink;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * Raw SignalR frame text in, normalised events out: {@link SsiFrameReader} + {@link SsiNormaliser}, with
 * counters. A malformed frame (not JSON at any of the three layers, not SSI's shape, too long or too deeply
 * nested) is counted and skipped, and so is a payload missing what its type needs; decoding never throws. Not thread-safe: one decoder per stream (the stream
 * delivers frames one at a time).
 */
public final class SsiFrameDecoder {

    /** What one frame was. */
    public enum Kind { KEEP_ALIVE, INIT, DATA, CONTROL, MALFORMED }

    private static final Logger LOG = LoggerFactory.getLogger(SsiFrameDecoder.class);

    private final SsiFrameReader reader = new SsiFrameReader();
    private final SsiNormaliser normaliser;
    private final Counters counters = new Counters();
    private MarketEventSink sink;
    private SsiFrameReader.Frame last;
    private String lastMalformed = "";

    private final SsiFrameReader.PayloadHandler handler = this::onPayload;

    private void onPayload(String type, SsiRecord record) {
        switch (normaliser.apply(type, record, sink)) {
            case EMITTED -> counters.payloads++;
            case UNTRACKED -> counters.untracked++;
            case IGNORED -> counters.ignored++;
            case INVALID -> {
                counters.invalidPayloads++;
                lastMalformed = normaliser.invalidReason();
            }
        }
    }

    /**
     * @param tracked symbols that produce events (e.g. {@code instruments::contains})
     * @param clock   used for frames without a date or time
     */
    public SsiFrameDecoder(Predicate<String> tracked, Clock clock) {
        this.normaliser = new SsiNormaliser(tracked, clock);
    }

    /** Counters since creation; read by the owning thread (or racy snapshots for health, which is fine). */
    public static final class Counters {
        public long frames;
        public long keepAlives;
        public long payloads;
        public long untracked;
        public long ignored;
        public long malformedFrames;
        public long invalidPayloads;
    }

    public Counters counters() {
        return counters;
    }

    /** The reason of the last malformed frame or invalid payload, for logs and health detail. */
    public String lastMalformed() {
        return lastMalformed;
    }

    /** Info from the last successfully parsed frame: invocation result, error, reconnect request. */
    public String lastInvocationId() {
        return last == null ? null : last.invocationId();
    }

    public String lastError() {
        return last == null ? null : last.error();
    }

    public boolean lastAskedToReconnect() {
        return last != null && last.reconnect();
    }

    /** After a reconnect: see {@link SsiNormaliser#reseed()}. */
    public void reseed() {
        normaliser.reseed();
    }

    /** Decodes one frame, delivering its events to {@code out} in order. */
    public Kind decode(String frame, MarketEventSink out) {
        counters.frames++;
        sink = out;
        try {
            last = reader.read(frame, handler);
        } catch (MalformedFrameException e) {
            counters.malformedFrames++;
            lastMalformed = e.getMessage();
            last = null;
            return Kind.MALFORMED;
        } catch (RuntimeException e) {
            // a bug on some unforeseen input must not stop the stream: count the frame as malformed
            counters.malformedFrames++;
            lastMalformed = "unreadable frame (" + e + ")";
            last = null;
            if (counters.malformedFrames < 4) {
                LOG.warn("SSI frame could not be decoded: {}", frame.length() > 300 ? frame.substring(0, 300) + "..." : frame, e);
            }
            return Kind.MALFORMED;
        } finally {
            sink = null;
        }
        if (last.keepAlive()) {
            counters.keepAlives++;
            return Kind.KEEP_ALIVE;
        }
        if (last.payloads() > 0) {
            return Kind.DATA;
        }
        return last.init() ? Kind.INIT : Kind.CONTROL;
    }
}
