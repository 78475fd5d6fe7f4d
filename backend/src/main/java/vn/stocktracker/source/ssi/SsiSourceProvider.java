package vn.stocktracker.source.ssi;

import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=ssi}: found by {@link vn.stocktracker.source.SourceRegistry}. */
public final class SsiSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "ssi";
    }

    @Override
    public List<String> validate(SourceContext context) {
        return SsiConfig.validate(context.env());
    }

    @Override
    public MarketDataSource create(SourceContext context) {
        return new SsiSource(SsiConfig.fromEnv(context.env()), context.instruments(), context.clock());
    }
}
