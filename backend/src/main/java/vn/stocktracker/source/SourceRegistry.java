package vn.stocktracker.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@code MARKET_SOURCE} values to {@link SourceProvider}s.
 *
 * <p><b>Registration point.</b> Known sources are listed below by provider class name and loaded
 * reflectively, so a source package can be added without touching this class: the SSI client provides
 * {@code vn.stocktracker.source.ssi.SsiSourceProvider}, the replay source
 * {@code vn.stocktracker.source.replay.ReplaySourceProvider}. A listed provider whose class is not
 * on the class path is reported as "not built into this jar".
 */
public final class SourceRegistry {

    /** {@code MARKET_SOURCE} value -> provider class name. */
    private static final Map<String, String> KNOWN = knownProviders();

    private static Map<String, String> knownProviders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("simulated", "vn.stocktracker.source.sim.SimulatedSourceProvider");
        m.put("ssi", "vn.stocktracker.source.ssi.SsiSourceProvider");
        m.put("replay", "vn.stocktracker.source.replay.ReplaySourceProvider");
        return Collections.unmodifiableMap(m);
    }

    private SourceRegistry() {
    }

    /** The names {@code MARKET_SOURCE} accepts, in display order. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * Finds the provider for {@code name}.
     *
     * @throws IllegalArgumentException with a one-line message when the name is unknown or the
     *                                  provider's class is missing from this build
     */
    public static SourceProvider provider(String name) {
        String className = KNOWN.get(name);
        if (className == null) {
            throw new IllegalArgumentException("MARKET_SOURCE=" + name + " is not a known source; use one of "
                    + String.join(", ", names()));
        }
        return load(className).orElseThrow(() -> new IllegalArgumentException("MARKET_SOURCE=" + name
                + ": that source is not built into this jar; use simulated"));
    }

    private static Optional<SourceProvider> load(String className) {
        try {
            Class<?> type = Class.forName(className, true, SourceRegistry.class.getClassLoader());
            return Optional.of((SourceProvider) type.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create source provider " + className + ": " + e, e);
        }
    }
}
