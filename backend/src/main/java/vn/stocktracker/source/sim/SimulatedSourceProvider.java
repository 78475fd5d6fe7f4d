package vn.stocktracker.source.sim;

import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=simulated}: needs no credentials; uses SIM_SEED, SIM_RATE, SESSION_CLOCK and SIM_SCENARIO. */
public final class SimulatedSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public List<String> validate(SourceContext context) {
        // SIM_SEED, SIM_RATE and SESSION_CLOCK are validated with the rest of the configuration
        String scenario = scenario(context);
        if (!SignalScenario.known(scenario)) {
            return List.of("SIM_SCENARIO: '" + scenario + "' is not a scenario; use none (a random market, the default)"
                    + " or signals (steered so that every kind of alert fires)");
        }
        return List.of();
    }

    @Override
    public MarketDataSource create(SourceContext c) {
        return new SimulatedSource(c.simSeed(), c.instruments(), SessionClock.of(c.sessionClock(), c.clock()),
                c.clock(), c.simRate(), scenario(c));
    }

    private static String scenario(SourceContext c) {
        String v = c.env().get("SIM_SCENARIO");
        return v == null || v.isBlank() ? "none" : v.trim();
    }
}
