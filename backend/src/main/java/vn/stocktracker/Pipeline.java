package vn.stocktracker;

import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.source.MarketEventSink;
import vn.stocktracker.source.SourceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sink given to the source: a bounded queue in front of the processor's single thread. That
 * thread applies events, and every {@code publishMs} publishes an immutable snapshot (read by REST
 * and Redis) and the coalesced changes (pushed to WebSocket clients), numbered in sequence. A full
 * queue drops the event and counts it rather than stall the source. As a {@link MarketFeed} it is the
 * live market of the roles that process it themselves ({@code all}, {@code collector}).
 */
public final class Pipeline implements MarketEventSink, MarketFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final MarketProcessor processor;
    private final BlockingQueue<MarketEvent> queue;
    private final long publishMs;
    private final Clock clock;
    private final AtomicReference<LiveState> state = new AtomicReference<>(LiveState.EMPTY);
    private final List<Consumer<FeedUpdate>> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Queue<Consumer<MarketProcessor>> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Supplier<SourceStatus> sourceStatus;
    private long seq; // processor thread
    private final Counter eventsIn;
    private final Counter processed;
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param sourceStatus the status of the source feeding this pipeline, reported as the feed's */
    public Pipeline(MarketProcessor processor, int capacity, long publishMs, Clock clock, MeterRegistry registry,
                    Supplier<SourceStatus> sourceStatus) {
        this.processor = processor;
        this.sourceStatus = sourceStatus;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.publishMs = publishMs;
        this.clock = clock;
        this.eventsIn = Counter.builder("tracker_events_in").description("events from the source").register(registry);
        this.processed = Counter.builder("tracker_events_processed").register(registry);
        this.dropped = Counter.builder("tracker_events_dropped").description("processor queue overflow").register(registry);
        registry.gauge("tracker_processor_queue_depth", queue, BlockingQueue::size);
        this.thread = Thread.ofPlatform().name("processor").unstarted(this::run);
    }

    public void start() {
        state.set(new LiveState(processor.snapshot(), seq));
        thread.start();
    }

    /**
     * Numbers the publishes after {@code last} (a collector taking over goes on from its predecessor's
     * seq, so replicas and clients never see the numbers go back). Before {@link #start()} only.
     */
    public void startAfter(long last) {
        if (thread.isAlive()) {
            throw new IllegalStateException("the pipeline is running");
        }
        seq = last;
    }

    public boolean started() {
        return thread.isAlive();
    }

    /** Adds a listener for coalesced changes; it runs on the processor thread and must not block. */
    @Override
    public void subscribe(Consumer<FeedUpdate> listener) {
        listeners.add(listener);
    }

    /** The latest published state (at most {@code publishMs} old). */
    public MarketSnapshot snapshot() {
        return state.get().snapshot();
    }

    @Override
    public LiveState current() {
        return state.get();
    }

    @Override
    public SourceStatus status() {
        return sourceStatus.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /**
     * Runs {@code task} on the processor's thread between two batches of events (the processor is not
     * thread-safe); what it changes is published with the next changes.
     */
    public void onProcessorThread(Consumer<MarketProcessor> task) {
        tasks.add(task);
    }

    @Override
    public void accept(MarketEvent event) {
        eventsIn.increment();
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    private void run() {
        List<MarketEvent> batch = new ArrayList<>(4096);
        long nextPublish = System.nanoTime();
        long nextRoll = 0;
        while (running || !queue.isEmpty()) {
            try {
                batch.clear();
                if (queue.drainTo(batch, 4096) == 0) {
                    MarketEvent e = queue.poll(Math.max(1, publishMs / 2), TimeUnit.MILLISECONDS);
                    if (e != null) {
                        batch.add(e);
                    }
                }
                for (MarketEvent e : batch) {
                    processor.apply(e);
                }
                for (Consumer<MarketProcessor> task; (task = tasks.poll()) != null; ) {
                    task.accept(processor);
                }
                processed.increment(batch.size());
                long now = System.nanoTime();
                if (now >= nextRoll) {
                    processor.rollDay(clock.millis());
                    nextRoll = now + 1_000_000_000L;
                }
                if (now >= nextPublish) {
                    nextPublish = now + publishMs * 1_000_000L;
                    publish();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("processor failed on an event; continuing", e);
            }
        }
        publish();
    }

    private void publish() {
        MarketChanges changes = processor.drainChanges();
        if (changes.isEmpty()) {
            return;
        }
        seq++;
        state.set(new LiveState(processor.snapshot(), seq));
        FeedUpdate update = new FeedUpdate.Changes(changes, seq);
        for (Consumer<FeedUpdate> l : listeners) {
            try {
                l.accept(update);
            } catch (RuntimeException e) {
                LOG.warn("change listener failed", e);
            }
        }
    }

    /** Processes what is queued, then stops the thread (bounded by {@code timeoutMs}). */
    @Override
    public void close() {
        close(2_000);
    }

    public void close(long timeoutMs) {
        running = false;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
