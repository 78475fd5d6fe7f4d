package vn.stocktracker.source;

import vn.stocktracker.market.MarketEvent;

/**
 * Where a source delivers normalised events. The implementation the backend passes in is thread-safe,
 * never blocks for long (it hands events to the processor's bounded queue) and never throws for a
 * valid event. A source should still call it from one thread at a time to keep its events ordered.
 */
@FunctionalInterface
public interface MarketEventSink {

    /** Delivers one event. Order matters per symbol: a {@code Trade} before the {@code Quote} after it. */
    void accept(MarketEvent event);
}
