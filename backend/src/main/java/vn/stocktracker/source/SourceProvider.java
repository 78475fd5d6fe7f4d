package vn.stocktracker.source;

import java.util.List;
import java.util.Optional;

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

    /**
     * The VN30 components as the feed lists them, asked once at start (after {@link #validate}, before the
     * tracked universe is built; the context holds the built-in list). Bounded I/O is allowed; empty
     * means "use the built-in list", and the source says why in the log.
     */
    default Optional<List<String>> vn30Components(SourceContext context) {
        return Optional.empty();
    }

    /** Creates the (not yet started) source. Called only when {@link #validate} returned no problem. */
    MarketDataSource create(SourceContext context);
}
