package vn.stocktracker.api.ws;

import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.feed.MarketFeed;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A feed driven by the test: a real processor, published when the test says. */
final class ManualFeed implements MarketFeed {
    private final MarketProcessor processor;
    private final List<Consumer<FeedUpdate>> listeners = new ArrayList<>();
    private LiveState state;
    private long seq;

    ManualFeed(MarketProcessor processor) {
        this.processor = processor;
        this.state = new LiveState(processor.snapshot(), 0);
    }

    /** What the processor changed since the last call, as the pipeline publishes it. */
    void publish() {
        MarketChanges ch = processor.drainChanges();
        seq++;
        state = new LiveState(processor.snapshot(), seq);
        listeners.forEach(l -> l.accept(new FeedUpdate.Changes(ch, seq)));
    }

    /** The state starts again from the processor's (a new collector, a resynchronised replica). */
    void reset() {
        processor.drainChanges();
        seq++;
        state = new LiveState(processor.snapshot(), seq);
        listeners.forEach(l -> l.accept(new FeedUpdate.Reset(state.snapshot(), seq)));
    }

    @Override
    public LiveState current() {
        return state;
    }

    @Override
    public void subscribe(Consumer<FeedUpdate> listener) {
        listeners.add(listener);
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(SourceState.STREAMING, "", seq, 1);
    }
}
