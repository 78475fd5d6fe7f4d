package vn.stocktracker.source.replay;

import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=replay}: found by {@link vn.stocktracker.source.SourceRegistry}. */
public final class ReplaySourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public List<String> validate(SourceContext context) {
        return ReplayConfig.validate(context.env());
    }

    @Override
    public MarketDataSource create(SourceContext context) {
        return new ReplaySource(ReplayConfig.fromEnv(context.env()), context.instruments(), context.clock());
    }
}
