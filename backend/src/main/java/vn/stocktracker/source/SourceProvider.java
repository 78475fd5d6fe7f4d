package vn.stocktracker.source;

import java.util.List;

/**
 * Creates one kind of {@link MarketDataSource}; found by {@link SourceRegistry} from the value of
 * {@code MARKET_SOURCE}. An implementation has a public no-argument constructor.
 */
public interface SourceProvider {

    /** The {@code MARKET_SOURCE} value it answers to. */
    String name();

    /**
     * Checks the source's own settings (e.g. {@code SSI_CONSUMER_ID}) without any I/O. Returns one line
     * per problem, each naming the variable and the fix; empty when all is well.
     */
    List<String> validate(SourceContext context);

    /** Creates the (not yet started) source. Called only when {@link #validate} returned no problem. */
    MarketDataSource create(SourceContext context);
}
