package dev.stackctl.tracker.source.replay;

import dev.stackctl.tracker.source.MarketDataSource;
import dev.stackctl.tracker.source.SourceContext;
import dev.stackctl.tracker.source.SourceProvider;

import java.util.List;

/** {@code MARKET_SOURCE=replay}: found by {@link dev.stackctl.tracker.source.SourceRegistry}. */
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
