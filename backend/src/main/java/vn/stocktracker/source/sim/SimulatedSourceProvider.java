package vn.stocktracker.source.sim;

import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=simulated}: needs no credentials; uses SIM_SEED, SIM_RATE and SESSION_CLOCK. */
public final class SimulatedSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public List<String> validate(SourceContext context) {
        return List.of(); // SIM_* and SESSION_CLOCK are validated with the rest of the configuration
    }

    @Override
    public MarketDataSource create(SourceContext c) {
        return new SimulatedSource(c.simSeed(), c.instruments(), SessionClock.of(c.sessionClock(), c.clock()),
                c.clock(), c.simRate());
    }
}
