package dev.stackctl.tracker.source.ssi;

import dev.stackctl.tracker.source.MarketDataSource;
import dev.stackctl.tracker.source.SourceContext;
import dev.stackctl.tracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=ssi}: found by {@link dev.stackctl.tracker.source.SourceRegistry}. */
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
