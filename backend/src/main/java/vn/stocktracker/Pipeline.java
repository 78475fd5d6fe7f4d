package vn.stocktracker;

import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.MarketSnapshot;
import vn.stocktracker.source.MarketEventSink;
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

/**
 * The sink given to the source: a bounded queue in front of the processor's single thread. That
 * thread applies events, and every {@code publishMs} publishes an immutable snapshot (read by REST
 * and Redis) and the coalesced changes (pushed to WebSocket clients). A full queue drops the event
 * and counts it rather than stall the source.
 */
public final class Pipeline implements MarketEventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final MarketProcessor processor;
    private final BlockingQueue<MarketEvent> queue;
    private final long publishMs;
    private final Clock clock;
    private final AtomicReference<MarketSnapshot> snapshot = new AtomicReference<>(MarketSnapshot.EMPTY);
    private final List<Consumer<MarketChanges>> listeners = new CopyOnWriteArrayList<>();
    private final Counter eventsIn;
    private final Counter processed;
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean running = true;

    public Pipeline(MarketProcessor processor, int capacity, long publishMs, Clock clock, MeterRegistry registry) {
        this.processor = processor;
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
        snapshot.set(processor.snapshot());
        thread.start();
    }

    /** Adds a listener for coalesced changes; it runs on the processor thread and must not block. */
    public void onChanges(Consumer<MarketChanges> listener) {
        listeners.add(listener);
    }

    /** The latest published state (at most {@code publishMs} old). */
    public MarketSnapshot snapshot() {
        return snapshot.get();
    }

    public boolean alive() {
        return thread.isAlive();
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
        snapshot.set(processor.snapshot());
        for (Consumer<MarketChanges> l : listeners) {
            try {
                l.accept(changes);
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
