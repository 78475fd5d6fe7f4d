package vn.stocktracker.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Maps {@code MARKET_SOURCE} values to {@link SourceProvider}s, found with {@link ServiceLoader}: a
 * source package registers its provider in {@code META-INF/services/vn.stocktracker.source.SourceProvider}
 * (this jar lists simulated, ssi and replay there, in that order), so adding a source touches no
 * class here, and a name that is not built in cannot be configured.
 */
public final class SourceRegistry {

    /** {@code MARKET_SOURCE} value -> provider, in the order of the service file. */
    private static final Map<String, SourceProvider> PROVIDERS = load();

    private static Map<String, SourceProvider> load() {
        Map<String, SourceProvider> m = new LinkedHashMap<>();
        for (SourceProvider p : ServiceLoader.load(SourceProvider.class, SourceRegistry.class.getClassLoader())) {
            SourceProvider before = m.putIfAbsent(p.name(), p);
            if (before != null) {
                throw new IllegalStateException("two source providers answer to MARKET_SOURCE=" + p.name() + ": "
                        + before.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return m;
    }

    private SourceRegistry() {
    }

    /** The names {@code MARKET_SOURCE} accepts, in display order. */
    public static List<String> names() {
        return List.copyOf(PROVIDERS.keySet());
    }

    /**
     * Finds the provider for {@code name}.
     *
     * @throws IllegalArgumentException with a one-line message when no provider answers to the name
     */
    public static SourceProvider provider(String name) {
        SourceProvider p = PROVIDERS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("MARKET_SOURCE=" + name + " is not a known source; use one of "
                    + String.join(", ", names()));
        }
        return p;
    }
}
